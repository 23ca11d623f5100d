package dev.parley.examroom.domain;

/**
 * IELTS band arithmetic. The overall speaking band is the mean of the four criteria, rounded the IELTS way: a
 * fraction below .25 rounds down to the whole band, from .25 up to .75 (excluded) it becomes .5, from .75 it rounds
 * up to the next whole band.
 */
public final class Bands {
  private Bands() {}

  /** The overall band, in tenths (65 for 6.5), from four criteria bands 0–9. */
  public static int overallTenths(int fluency, int lexical, int grammar, int pronunciation) {
    for (int band : new int[] {fluency, lexical, grammar, pronunciation}) {
      if (band < 0 || band > 9) {
        throw new IllegalArgumentException("a criterion band is a whole number from 0 to 9, got " + band);
      }
    }
    // in quarters, to stay exact: the mean of four whole bands is a multiple of .25
    int quarters = fluency + lexical + grammar + pronunciation;
    int whole = quarters / 4;
    int fraction = quarters % 4;
    return switch (fraction) {
      case 0 -> whole * 10;
      case 1, 2 -> whole * 10 + 5;
      default -> (whole + 1) * 10;
    };
  }

  /** Tenths as the usual text: 65 → "6.5", 70 → "7.0". */
  public static String format(int tenths) {
    return (tenths / 10) + "." + (tenths % 10);
  }
}
