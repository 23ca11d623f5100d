package dev.parley.benchmarks.scenario;

/**
 * The rate ladder of the fan-out scenario: rates climb geometrically from {@code start} by {@code factor} until a
 * step fails (or a cap is reached), then {@code refineSteps} bisection steps (geometric midpoints) narrow the
 * highest passing rate between the last pass and the first failure.
 *
 * <p>Pure logic, no timing: {@link #next()} proposes a rate, {@link #report} tells whether it passed.
 */
public final class RateLadder {
  private final double start;
  private final double factor;
  private final int maxClimbSteps;
  private final double maxRate;
  private int refineLeft;

  private int climbed;
  private boolean refining;
  private boolean done;
  private double lastPass = 0;
  private double firstFail = Double.NaN;
  private double pending = Double.NaN;

  /**
   * @param start the first rate (> 0)
   * @param factor the climb factor (> 1)
   * @param maxClimbSteps the most climbing steps
   * @param refineSteps the bisection steps after the first failure
   * @param maxRate no rate above this is proposed
   */
  public RateLadder(double start, double factor, int maxClimbSteps, int refineSteps, double maxRate) {
    if (start <= 0 || factor <= 1 || maxClimbSteps < 1 || refineSteps < 0 || maxRate < start) {
      throw new IllegalArgumentException("invalid ladder");
    }
    this.start = start;
    this.factor = factor;
    this.maxClimbSteps = maxClimbSteps;
    this.refineLeft = refineSteps;
    this.maxRate = maxRate;
  }

  public boolean hasNext() {
    return !done;
  }

  /** The next rate to try. */
  public double next() {
    if (done) {
      throw new IllegalStateException("ladder finished");
    }
    if (Double.isNaN(pending)) {
      pending = refining ? Math.sqrt(lastPass * firstFail) : Math.min(maxRate, start * Math.pow(factor, climbed));
    }
    return pending;
  }

  /** Records the outcome of the rate last returned by {@link #next()}. */
  public void report(double rate, boolean pass) {
    if (Double.isNaN(pending) || rate != pending) {
      throw new IllegalStateException("report the rate returned by next()");
    }
    pending = Double.NaN;
    if (pass) {
      lastPass = Math.max(lastPass, rate);
    } else {
      firstFail = Double.isNaN(firstFail) ? rate : Math.min(firstFail, rate);
    }
    if (refining) {
      refineLeft--;
      done = refineLeft <= 0;
      return;
    }
    climbed++;
    if (!pass) {
      refining = lastPass > 0 && refineLeft > 0;
      done = !refining;
    } else if (climbed >= maxClimbSteps || rate >= maxRate) {
      done = true;
    }
  }

  /** The highest rate that passed, 0 if none did. */
  public double bestPassing() {
    return lastPass;
  }

  /** The lowest rate that failed, NaN if none did. */
  public double lowestFailing() {
    return firstFail;
  }
}
