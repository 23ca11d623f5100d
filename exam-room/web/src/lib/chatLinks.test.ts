import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './chatLinks';

const rejoin = (text: string) => linkify(text).map((s) => s.text).join('');

describe('link safety', () => {
  it('links only http and https URLs', () => {
    expect(linkify('see https://example.org/a?b=1#c now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1#c', href: 'https://example.org/a?b=1#c' },
      { kind: 'text', text: ' now' },
    ]);
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd', 'ftp://x.org']) {
      expect(linkify(bad)).toEqual([{ kind: 'text', text: bad }]);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('http://')).toBeNull();
  });

  it('keeps markup as text', () => {
    const t = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    expect(linkify(t)).toEqual([{ kind: 'text', text: t }]);
    // a URL cannot smuggle a quote or an angle bracket into the link
    const segs = linkify('http://a.org/"><script>x</script>');
    expect(segs[0]).toEqual({ kind: 'link', text: 'http://a.org/', href: 'http://a.org/' });
    expect(rejoin('http://a.org/"><script>x</script>')).toBe('http://a.org/"><script>x</script>');
  });

  it('leaves sentence punctuation out of the link but keeps balanced parentheses', () => {
    expect(linkify('Go to https://example.org.')[1]).toMatchObject({ href: 'https://example.org/' });
    expect(linkify('(https://example.org/x)')[1]).toMatchObject({ text: 'https://example.org/x' });
    expect(linkify('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
    expect(rejoin('a http://x.org, b https://y.org! c')).toBe('a http://x.org, b https://y.org! c');
  });

  it('does not link a scheme hidden inside a word', () => {
    expect(linkify('xhttp://evil.org')).toEqual([{ kind: 'text', text: 'xhttp://evil.org' }]);
  });
});
