/** @vitest-environment jsdom */
import { describe, expect, it } from 'vitest';
import { render } from '../../test/render';
import { MessageText } from './MessageText';

describe('<MessageText>', () => {
  it('renders markup as text and only http(s) links as links', () => {
    const text = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> javascript:alert(1) https://example.org/x?a=<b>';
    const view = render(<MessageText text={text} />);
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.container.querySelector('script')).toBeNull();
    expect(view.container.textContent).toBe(text);
    const links = view.container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0].getAttribute('href')).toBe('https://example.org/x?a=');
    expect(links[0].getAttribute('rel')).toContain('noopener');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    view.unmount();
  });
});
