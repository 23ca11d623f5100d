/**
 * Message text is rendered as React text nodes, never as HTML. The only markup a message gets is a link, and only for
 * an absolute http: or https: URL that the URL parser accepts; anything else (javascript:, data:, a broken URL) stays
 * plain text.
 */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'")\]}>]+$/;

/** The href for `candidate`, or null unless it is a well-formed http(s) URL. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.href;
}

/** Splits text into plain runs and safe links; joining every segment's text gives back the original text. */
export function linkify(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  const push = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev && prev.kind === 'text') prev.text += t;
    else out.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let candidate = match[0];
    // Trailing punctuation belongs to the sentence, except a ")" closing a "(" inside the URL.
    const trail = TRAILING.exec(candidate);
    if (trail) {
      let keep = candidate.slice(0, candidate.length - trail[0].length);
      let rest = trail[0];
      while (rest.startsWith(')') && (keep.match(/\(/g)?.length ?? 0) > (keep.match(/\)/g)?.length ?? 0)) {
        keep += ')';
        rest = rest.slice(1);
      }
      candidate = keep;
    }
    push(text.slice(last, start));
    const href = safeHref(candidate);
    if (href) out.push({ kind: 'link', text: candidate, href });
    else push(candidate);
    last = start + candidate.length;
  }
  push(text.slice(last));
  return out;
}
