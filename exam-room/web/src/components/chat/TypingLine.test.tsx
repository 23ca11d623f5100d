/** @vitest-environment jsdom */
import { describe, expect, it } from 'vitest';
import { render } from '../../test/render';
import { applyTyping, noTyping, typingLine } from '../../lib/chatTyping';
import { monotonicNow } from '../../lib/clock';
import { TypingLine } from './TypingLine';
import { ActivityLine } from './ActivityLine';

const evil = { id: 'e', displayName: 'Eve \u202Egnp.exe' };
const bob = { id: 'b', displayName: 'Bob' };

describe('<TypingLine> and <ActivityLine>', () => {
  it('say the same words as the text helpers, with each name isolated', () => {
    let map = applyTyping(noTyping, { user: evil, isTyping: true }, monotonicNow(), null);
    let view = render(<TypingLine typing={map} />);
    expect(view.byTestId('chat-typing').textContent).toBe(typingLine([evil.displayName]));
    expect([...view.container.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual([evil.displayName]);
    view.unmount();
    map = applyTyping(map, { user: bob, isTyping: true }, monotonicNow(), null);
    view = render(<TypingLine typing={map} />);
    expect(view.byTestId('chat-typing').textContent).toBe(`Bob and ${evil.displayName} are typing`);
    expect(view.container.querySelectorAll('bdi')).toHaveLength(2);
    view.unmount();
    view = render(<ActivityLine activity={{ kind: 'joined', userId: 'e', displayName: evil.displayName }} />);
    expect(view.byTestId('chat-activity').textContent).toBe(`${evil.displayName} joined`);
    expect(view.container.querySelector('bdi')?.textContent).toBe(evil.displayName);
    view.unmount();
  });
});
