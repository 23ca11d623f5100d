import { typingLine, typingNames, type TypingMap } from '../../lib/chatTyping';
import { monotonicNow } from '../../lib/clock';

/** "A is typing", "A and B are typing", "Several people are typing" (empty when nobody is). */
export function TypingLine({ typing }: { typing: TypingMap }) {
  const names = typingNames(typing, monotonicNow());
  return (
    <p className="chat-typing" data-testid="chat-typing" data-count={names.length} aria-live="polite">
      {typingLine(names)}
    </p>
  );
}
