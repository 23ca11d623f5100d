/** @vitest-environment jsdom */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from '../../test/render';
import { Composer } from './Composer';

/** Sets a textarea's value the way a user would (React listens to the native setter and 'input' events). */
function typeIntoArea(area: HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(area, value);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('<Composer>', () => {
  it('says why a message over the limit cannot be sent, and sends nothing', () => {
    const sent: string[] = [];
    const view = render(
      <Composer roomId="lobby" maxLength={10} disabled={false} onSend={(t) => (sent.push(t), true)} onChange={() => undefined} onBlur={() => undefined} />,
    );
    const area = view.byTestId('chat-input') as HTMLTextAreaElement;
    typeIntoArea(area, '0123456789');
    expect(view.container.querySelector('[data-testid=chat-too-long]')).toBeNull();
    typeIntoArea(area, '0123456789x');
    expect(view.byTestId('chat-too-long').textContent).toBe('Too long to send: a message has at most 10 characters.');
    expect((view.byTestId('chat-send') as HTMLButtonElement).disabled).toBe(true);
    act(() => {
      area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(sent).toEqual([]);
    view.unmount();
  });
});
