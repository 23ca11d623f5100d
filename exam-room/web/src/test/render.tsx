/** A tiny render helper for component tests (react-dom + act, no extra library). */
import { act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  byTestId(id: string): HTMLElement;
  rerender(el: ReactElement): void;
  unmount(): void;
}

export function render(el: ReactElement): Rendered {
  const container = document.createElement('div');
  document.body.appendChild(container);
  let root: Root;
  act(() => {
    root = createRoot(container);
    root.render(el);
  });
  return {
    container,
    byTestId(id) {
      const found = container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
      if (!found) throw new Error(`no element with data-testid="${id}"`);
      return found;
    },
    rerender(next) {
      act(() => root.render(next));
    },
    unmount() {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Sets an input's value the way a user would (React listens to the native setter and 'input' events). */
export function typeInto(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
