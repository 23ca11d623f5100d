import { useState, type FormEvent } from 'react';
import { CRITERIA, formatBand, isValidBand, overallBand, type CriterionKey } from '../lib/band';
import type { Ack } from '../types';

type Inputs = Record<CriterionKey, string>;

const EMPTY: Inputs = { fluency: '', lexical: '', grammar: '', pronunciation: '' };

function parse(inputs: Inputs): Partial<Record<CriterionKey, number>> {
  const out: Partial<Record<CriterionKey, number>> = {};
  for (const c of CRITERIA) {
    const v = inputs[c.key].trim();
    if (v !== '') out[c.key] = Number(v);
  }
  return out;
}

/**
 * The four IELTS criteria (whole bands 0–9) and the overall band computed live by the IELTS rounding rule.
 * Submitting stores the score (score_test); publishing sends result_published to the candidate (publish_result).
 */
export function ScoringForm({
  onSubmit,
  onPublish,
  disabled,
  initial,
}: {
  onSubmit(scores: Record<CriterionKey, number>): Promise<Ack>;
  onPublish(): Promise<Ack>;
  disabled?: boolean;
  /** a score stored earlier (GET .../result) */
  initial?: Partial<Record<CriterionKey, number>>;
}) {
  const [inputs, setInputs] = useState<Inputs>(() =>
    initial ? (Object.fromEntries(CRITERIA.map((c) => [c.key, initial[c.key] === undefined ? '' : String(initial[c.key])])) as Inputs) : EMPTY,
  );
  const [saved, setSaved] = useState(Boolean(initial));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const scores = parse(inputs);
  const overall = overallBand(scores);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (overall === null) {
      setMessage({ text: 'Enter all four bands (whole bands from 0 to 9).', error: true });
      return;
    }
    setBusy(true);
    const ack = await onSubmit(scores as Record<CriterionKey, number>);
    setBusy(false);
    setSaved(ack.ok);
    setMessage(ack.ok ? { text: `Score saved (overall ${formatBand(overall)}), not yet published.`, error: false } : { text: ack.message ?? ack.error ?? 'Could not save', error: true });
  };

  const publish = async () => {
    setBusy(true);
    const ack = await onPublish();
    setBusy(false);
    setMessage(ack.ok ? { text: 'Result published to the candidate.', error: false } : { text: ack.message ?? ack.error ?? 'Could not publish', error: true });
  };

  return (
    <form className="scoring-form" onSubmit={submit} aria-labelledby="scoring-title" noValidate>
      <h3 id="scoring-title">Scoring</h3>
      <div className="score-grid">
        {CRITERIA.map((c) => {
          const raw = inputs[c.key];
          const invalid = raw.trim() !== '' && !isValidBand(Number(raw));
          return (
            <label key={c.key} className="score-field">
              <span>{c.label}</span>
              <input
                type="number"
                inputMode="numeric"
                min={0}
                max={9}
                step={1}
                value={raw}
                aria-invalid={invalid || undefined}
                data-testid={`score-${c.key}`}
                onChange={(e) => {
                  setInputs((prev) => ({ ...prev, [c.key]: e.target.value }));
                  setSaved(false);
                }}
                disabled={disabled || busy}
              />
            </label>
          );
        })}
      </div>
      <p className="overall">
        Overall band: <strong data-testid="score-overall" aria-live="polite">{formatBand(overall)}</strong>
        {saved && <span className="muted"> (saved)</span>}
      </p>
      <div className="button-row">
        <button type="submit" data-testid="score-submit" disabled={disabled || busy || overall === null}>
          Save score
        </button>
        <button type="button" data-testid="publish-result" onClick={publish} disabled={disabled || busy}>
          Publish result
        </button>
      </div>
      {message && (
        <p className={message.error ? 'form-error' : 'form-ok'} role={message.error ? 'alert' : 'status'} data-testid="score-message">
          {message.text}
        </p>
      )}
    </form>
  );
}
