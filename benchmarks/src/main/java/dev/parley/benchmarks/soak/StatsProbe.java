package dev.parley.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.client.Transport;
import dev.parley.benchmarks.scenario.Json;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client of its own that asks the soak server for its {@code stats} and adds what {@code /proc} says of the
 * server process: a {@link ServerSample}. It stays connected from the baseline to the end, so every sample counts it
 * the same way.
 */
final class StatsProbe implements AutoCloseable {
  private final Session session;
  private final long pid;

  private StatsProbe(Session session, long pid) {
    this.session = session;
    this.pid = pid;
  }

  static StatsProbe connect(ClientLoop loop, Target target, long pid) {
    Session session = new Connector(loop, target, Transport.WEBSOCKET).newSession(0, SessionListener.IGNORE);
    SoakLoad.startOnItsLoop(loop, session, target).orTimeout(30, TimeUnit.SECONDS).join();
    return new StatsProbe(session, pid);
  }

  /** Asks the server (which collects garbage first) and reads {@code /proc}. */
  ServerSample sample(String label) {
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    session.execute(() -> session.emitWithAck("[\"stats\"]", (s, args) -> {
      try {
        answer.complete(Json.MAPPER.readTree(new ByteBufInputStream(args.retainedDuplicate(), true)).path(0));
      } catch (IOException e) {
        answer.completeExceptionally(new UncheckedIOException(e));
      }
    }));
    JsonNode stats = answer.orTimeout(60, TimeUnit.SECONDS).join();
    return ServerSample.of(label, pid, stats.path("heapAfterGc").asLong(), stats.path("javaThreads").asInt(),
        stats.path("sessions").asInt(), stats.path("ticks").asLong());
  }

  @Override
  public void close() {
    session.close();
  }
}
