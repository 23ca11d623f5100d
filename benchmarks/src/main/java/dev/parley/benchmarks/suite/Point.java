package dev.parley.benchmarks.suite;

import dev.parley.benchmarks.client.Transport;
import dev.parley.benchmarks.scenario.Scenario;
import java.util.function.Supplier;

/**
 * One measured point of the suite: a scenario kind, a transport and a size, run on every peer and repeated.
 *
 * @param id a stable name such as {@code fanout-websocket-1000}, used to group results
 * @param kind {@code fanout}, {@code echo}, {@code connect}, {@code idle} or {@code cluster}
 * @param transport the clients' transport
 * @param size receivers, clients or connections
 * @param scenario makes a fresh scenario for each run
 */
public record Point(String id, String kind, Transport transport, int size, Supplier<Scenario> scenario) {

  public static String id(String kind, Transport transport, int size) {
    return kind + "-" + transport.wireName() + "-" + size;
  }
}
