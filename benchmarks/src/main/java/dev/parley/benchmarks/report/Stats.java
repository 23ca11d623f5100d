package dev.parley.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and spread of a point's repetitions.
 *
 * @param n how many values
 * @param median the median (mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 */
public record Stats(int n, double median, double min, double max) {

  /** The statistics of the finite values, or null when there are none. */
  public static Stats of(List<Double> values) {
    List<Double> v = new ArrayList<>();
    for (Double d : values) {
      if (d != null && !d.isNaN() && !d.isInfinite()) {
        v.add(d);
      }
    }
    if (v.isEmpty()) {
      return null;
    }
    Collections.sort(v);
    int n = v.size();
    double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    return new Stats(n, median, v.get(0), v.get(n - 1));
  }

  /** Half the range relative to the median, in percent: the spread shown as ±. */
  public double spreadPercent() {
    return median == 0 ? 0 : 100.0 * (max - min) / 2 / Math.abs(median);
  }

  /**
   * Parley's advantage over a peer: baseline/peer for higher-is-better metrics, peer/baseline otherwise, so that a
   * value above 1 always means the baseline is better. NaN when either is missing or zero.
   */
  public static double advantage(Stats baseline, Stats peer, boolean higherIsBetter) {
    if (baseline == null || peer == null || baseline.median == 0 || peer.median == 0) {
      return Double.NaN;
    }
    return higherIsBetter ? baseline.median / peer.median : peer.median / baseline.median;
  }
}
