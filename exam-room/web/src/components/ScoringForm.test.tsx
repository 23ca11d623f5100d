/** @vitest-environment jsdom */
import { describe, expect, it, vi } from 'vitest';
import { render, typeInto } from '../test/render';
import { ScoringForm } from './ScoringForm';

describe('<ScoringForm>', () => {
  const setup = () => render(<ScoringForm onSubmit={vi.fn(async () => ({ ok: true }))} onPublish={vi.fn(async () => ({ ok: true }))} />);

  it('shows the overall band by the IELTS rounding as the criteria are entered', () => {
    const view = setup();
    const fill = (f: string, l: string, g: string, p: string) => {
      typeInto(view.byTestId('score-fluency') as HTMLInputElement, f);
      typeInto(view.byTestId('score-lexical') as HTMLInputElement, l);
      typeInto(view.byTestId('score-grammar') as HTMLInputElement, g);
      typeInto(view.byTestId('score-pronunciation') as HTMLInputElement, p);
    };
    expect(view.byTestId('score-overall').textContent).toBe('–');
    fill('6', '6', '6', '6'); // mean 6
    expect(view.byTestId('score-overall').textContent).toBe('6.0');
    fill('6', '6', '6', '7'); // 6.25 → 6.5
    expect(view.byTestId('score-overall').textContent).toBe('6.5');
    fill('7', '7', '6', '6'); // 6.5
    expect(view.byTestId('score-overall').textContent).toBe('6.5');
    fill('7', '7', '7', '6'); // 6.75 → 7
    expect(view.byTestId('score-overall').textContent).toBe('7.0');
    fill('7', '7', '7', '6.5'); // not a whole band: no overall
    expect(view.byTestId('score-overall').textContent).toBe('–');
    fill('7', '7', '7', '6');
    expect((view.byTestId('score-submit') as HTMLButtonElement).disabled).toBe(false);
    typeInto(view.byTestId('score-grammar') as HTMLInputElement, '');
    expect(view.byTestId('score-overall').textContent).toBe('–');
    expect((view.byTestId('score-submit') as HTMLButtonElement).disabled).toBe(true);
    view.unmount();
  });
});
