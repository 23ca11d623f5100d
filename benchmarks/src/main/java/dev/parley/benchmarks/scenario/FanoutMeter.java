package dev.parley.benchmarks.scenario;

import dev.parley.benchmarks.client.Packets;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * The receivers' side of the fan-out scenario: finds the sender's timestamp in {@code 2["bench",{"t":<nanos>,...}]}
 * without parsing JSON and records the end-to-end latency. Deliveries stamped before the current step started are
 * counted as stale and left out of the step's figures.
 */
final class FanoutMeter implements SessionListener {
  /** Latencies above an hour are clamped: the step has long been aborted by then. */
  static final long MAX_MICROS = 3_600_000_000L;

  private static final byte[] BENCH = Packets.ascii("2[\"bench\"");
  private static final byte[] T_KEY = Packets.ascii("\"t\"");

  final Recorder recorder = new Recorder(1, MAX_MICROS, 3);
  final LongAdder delivered = new LongAdder();
  final LongAdder stale = new LongAdder();
  final LongAdder malformed = new LongAdder();
  final LongAdder closed = new LongAdder();
  private volatile long stepStart = Long.MAX_VALUE;
  volatile String firstCloseCause;

  /** Starts a step whose messages carry timestamps from {@code startNanos} on. */
  void begin(long startNanos) {
    stepStart = startNanos;
    delivered.reset();
    recorder.reset();
  }

  @Override
  public void onPacket(Session session, ByteBuf packet) {
    if (!Packets.startsWith(packet, BENCH)) {
      return;
    }
    long t = Packets.findLong(packet, BENCH.length, T_KEY);
    if (t == Packets.MISSING) {
      malformed.increment();
      return;
    }
    long now = BenchClock.now();
    if (t < stepStart) {
      stale.increment();
      return;
    }
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, now - t) / 1000));
    delivered.increment();
  }

  @Override
  public void onClosed(Session session, Throwable cause) {
    closed.increment();
    if (firstCloseCause == null) {
      firstCloseCause = cause == null ? "closed by the server" : cause.toString();
    }
  }
}
