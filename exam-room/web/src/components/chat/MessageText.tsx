import { linkify } from '../../lib/chatLinks';

/**
 * A message's text as React text nodes: markup in a message stays text (never dangerouslySetInnerHTML). Only
 * http(s) URLs become links, opened in a new tab without access to this page.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((s, i) =>
        s.kind === 'link' ? (
          <a key={i} href={s.href} target="_blank" rel="noopener noreferrer nofollow ugc" data-testid="chat-link">
            {s.text}
          </a>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}
