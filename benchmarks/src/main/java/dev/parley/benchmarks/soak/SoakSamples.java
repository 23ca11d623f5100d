package dev.parley.benchmarks.soak;

import java.util.List;

/**
 * The server's measurements of one soak run.
 *
 * @param baseline before the load, after a warm-up
 * @param during at regular intervals under load
 * @param after once the load stopped and every client's session closed
 */
record SoakSamples(ServerSample baseline, List<ServerSample> during, ServerSample after) {

  SoakSamples {
    during = List.copyOf(during);
  }
}
