package dev.parley.benchmarks.scenario;

import dev.parley.benchmarks.client.Packets;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntUnaryOperator;
import org.HdrHistogram.Recorder;

/**
 * The receivers' side of the fan-out scenario: finds the sender's timestamp in {@code 2["bench",{"t":<nanos>,...}]}
 * without parsing JSON and records the end-to-end latency. Deliveries stamped before the current step started are
 * counted as stale and left out of the step's figures.
 *
 * <p>With receivers on several nodes, deliveries are also counted per node: the total alone would let one node's
 * duplicates hide another node's losses, which is exactly what a broken cluster adapter would produce.
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
  /** Null for a single server. */
  private final LongAdder[] byNode;
  private final IntUnaryOperator nodeOfIndex;

  /** A meter for receivers on one server. */
  FanoutMeter() {
    this(1, i -> 0);
  }

  /**
   * @param nodes how many nodes the receivers are on
   * @param nodeOfIndex the node of the receiver with a given session index
   */
  FanoutMeter(int nodes, IntUnaryOperator nodeOfIndex) {
    this.nodeOfIndex = nodeOfIndex;
    this.byNode = nodes > 1 ? new LongAdder[nodes] : null;
    for (int i = 0; byNode != null && i < nodes; i++) {
      byNode[i] = new LongAdder();
    }
  }

  /** This step's deliveries per node, or null for a single server. */
  long[] deliveredByNode() {
    if (byNode == null) {
      return null;
    }
    long[] out = new long[byNode.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = byNode[i].sum();
    }
    return out;
  }

  /** Starts a step whose messages carry timestamps from {@code startNanos} on. */
  void begin(long startNanos) {
    stepStart = startNanos;
    delivered.reset();
    for (int i = 0; byNode != null && i < byNode.length; i++) {
      byNode[i].reset();
    }
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
    if (byNode != null) {
      byNode[nodeOfIndex.applyAsInt(session.index())].increment();
    }
  }

  @Override
  public void onClosed(Session session, Throwable cause) {
    closed.increment();
    if (firstCloseCause == null) {
      firstCloseCause = cause == null ? "closed by the server" : cause.toString();
    }
  }
}
