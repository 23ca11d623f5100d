/** IELTS speaking scores: four criteria, each a whole band 0–9, and the overall band (which may be a half band). */
export const CRITERIA = [
  { key: 'fluency', label: 'Fluency and coherence' },
  { key: 'lexical', label: 'Lexical resource' },
  { key: 'grammar', label: 'Grammatical range and accuracy' },
  { key: 'pronunciation', label: 'Pronunciation' },
] as const;

export type CriterionKey = (typeof CRITERIA)[number]['key'];
export type Scores = Record<CriterionKey, number>;

/**
 * The IELTS rounding of a mean band: a fraction below .25 rounds down to the whole band, from .25 up to below .75 to
 * the half band, .75 and above up to the next whole band (6.125 → 6, 6.25 → 6.5, 6.625 → 6.5, 6.75 → 7).
 */
export function roundIeltsBand(mean: number): number {
  const EPSILON = 1e-9; // 6.75 computed as 6.7499999… still counts as .75
  const whole = Math.floor(mean + EPSILON);
  const fraction = mean - whole;
  if (fraction < 0.25 - EPSILON) return whole;
  if (fraction < 0.75 - EPSILON) return whole + 0.5;
  return whole + 1;
}

/** A criterion score: a whole band from 0 to 9 (the server refuses anything else). */
export function isValidBand(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 9;
}

/** The overall band of four criteria, or null while any of them is missing or not a band. */
export function overallBand(scores: Partial<Record<CriterionKey, number | null | undefined>>): number | null {
  const values = CRITERIA.map((c) => scores[c.key]);
  if (values.some((v) => typeof v !== 'number' || !isValidBand(v))) return null;
  const sum = (values as number[]).reduce((a, b) => a + b, 0);
  return roundIeltsBand(sum / 4);
}

export function formatBand(band: number | null | undefined): string {
  if (typeof band !== 'number' || !Number.isFinite(band)) return '–';
  return Number.isInteger(band) ? `${band}.0` : band.toFixed(1);
}
