import { describe, expect, it } from 'vitest';
import { formatBand, overallBand, roundIeltsBand } from './band';

describe('IELTS band rounding', () => {
  it('rounds the documented examples', () => {
    expect(roundIeltsBand(6.125)).toBe(6);
    expect(roundIeltsBand(6.25)).toBe(6.5);
    expect(roundIeltsBand(6.625)).toBe(6.5);
    expect(roundIeltsBand(6.75)).toBe(7);
  });

  it('rounds below .25 down, .25 to below .75 to the half band, .75 and above up', () => {
    expect(roundIeltsBand(7)).toBe(7);
    expect(roundIeltsBand(7.2)).toBe(7);
    expect(roundIeltsBand(7.5)).toBe(7.5);
    expect(roundIeltsBand(7.74)).toBe(7.5);
    expect(roundIeltsBand(8.875)).toBe(9);
    expect(roundIeltsBand(0.125)).toBe(0);
  });

  it('computes the overall band as the rounded mean of the four criteria', () => {
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 6, pronunciation: 6 })).toBe(6); // 6.0
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 6, pronunciation: 7 })).toBe(6.5); // 6.25
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 7, pronunciation: 7 })).toBe(6.5); // 6.5
    expect(overallBand({ fluency: 6, lexical: 7, grammar: 7, pronunciation: 7 })).toBe(7); // 6.75
    expect(overallBand({ fluency: 5, lexical: 8, grammar: 4, pronunciation: 9 })).toBe(6.5); // 6.5
    expect(overallBand({ fluency: 9, lexical: 9, grammar: 9, pronunciation: 9 })).toBe(9);
  });

  it('has no overall band while a criterion is missing or not a whole band from 0 to 9', () => {
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 6 })).toBeNull();
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 6, pronunciation: 10 })).toBeNull();
    expect(overallBand({ fluency: 6, lexical: 6, grammar: 6, pronunciation: 6.5 })).toBeNull();
  });

  it('formats bands with one decimal', () => {
    expect(formatBand(7)).toBe('7.0');
    expect(formatBand(6.5)).toBe('6.5');
    expect(formatBand(null)).toBe('–');
  });
});
