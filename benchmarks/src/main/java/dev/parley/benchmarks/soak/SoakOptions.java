package dev.parley.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The soak test's settings, from its command line.
 *
 * @param duration how long the load runs (default 10 minutes)
 * @param stable clients connected for the whole run, whose receptions are checked (default 200)
 * @param churn clients connecting, chatting and dropping at any time (default 30)
 * @param rooms chat rooms the clients are spread over (default 10)
 * @param heap the server's maximum heap, small so that a leak ends in an OutOfMemoryError (default 256m)
 * @param out where the server's log and the report go (default target/soak)
 */
record SoakOptions(Duration duration, int stable, int churn, int rooms, String heap, Path out) {

  SoakOptions {
    if (duration.isNegative() || duration.isZero() || stable < 1 || churn < 0 || rooms < 1) {
      throw new IllegalArgumentException("invalid soak options");
    }
  }

  static SoakOptions parse(String[] args) {
    Duration duration = Duration.ofMinutes(10);
    int stable = 200;
    int churn = 30;
    int rooms = 10;
    String heap = "256m";
    Path out = Path.of("target", "soak");
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--minutes" -> duration = Duration.ofSeconds(Math.round(Double.parseDouble(value) * 60));
        case "--stable" -> stable = Integer.parseInt(value);
        case "--churn" -> churn = Integer.parseInt(value);
        case "--rooms" -> rooms = Integer.parseInt(value);
        case "--heap" -> heap = value;
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new SoakOptions(duration, stable, churn, rooms, heap, out);
  }
}
