import { typingLine, typingNames, type TypingMap } from '../../lib/chatTyping';
import { monotonicNow } from '../../lib/clock';

/**
 * "A is typing", "A and B are typing", "Several people are typing" (empty when nobody is). Each name is isolated
 * (`<bdi>`), so a right-to-left override in a name cannot turn the rest of the line around.
 */
export function TypingLine({ typing }: { typing: TypingMap }) {
  const names = typingNames(typing, monotonicNow());
  return (
    <p className="chat-typing" data-testid="chat-typing" data-count={names.length} aria-live="polite">
      {names.length === 1 ? (
        <>
          <bdi>{names[0]}</bdi> is typing
        </>
      ) : names.length === 2 ? (
        <>
          <bdi>{names[0]}</bdi> and <bdi>{names[1]}</bdi> are typing
        </>
      ) : (
        typingLine(names)
      )}
    </p>
  );
}
