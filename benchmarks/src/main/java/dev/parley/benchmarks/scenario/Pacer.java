package dev.parley.benchmarks.scenario;

import dev.parley.benchmarks.client.Session;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop sender of one fan-out step: every millisecond, on the sender's event loop, it emits the messages
 * that are due by then and flushes once. Message {@code i} is stamped with its intended send time
 * {@code start + i / rate}, so a sender that falls behind shows up as latency instead of hiding it.
 */
final class Pacer implements Runnable {
  private final Session sender;
  private final double rate;
  private final long total;
  private final long startNanos;
  private final String padding;
  private volatile long sent;
  private volatile boolean stop;
  private volatile long endNanos = -1;
  private volatile ScheduledFuture<?> future;

  Pacer(Session sender, double rate, long total, long startNanos, int paddingBytes) {
    this.sender = sender;
    this.rate = rate;
    this.total = total;
    this.startNanos = startNanos;
    this.padding = paddingBytes > 0 ? ",\"p\":\"" + "x".repeat(paddingBytes) + "\"" : "";
  }

  /** The text of message {@code seq} stamped {@code t}: {@code ["bench",{"t":t,"s":seq}]}. */
  static String message(long t, long seq, String padding) {
    return "[\"bench\",{\"t\":" + t + ",\"s\":" + seq + padding + "}]";
  }

  void start() {
    long delay = Math.max(0, startNanos - BenchClock.now());
    future = sender.eventLoop().scheduleAtFixedRate(this, delay, 1_000_000, TimeUnit.NANOSECONDS);
  }

  @Override
  public void run() {
    if (endNanos >= 0) {
      cancel();
      return;
    }
    long now = BenchClock.now();
    if (now < startNanos) {
      return;
    }
    long due = Math.min(total, (long) ((now - startNanos) * rate / 1e9) + 1);
    long s = sent;
    while (s < due && !stop) {
      long t = startNanos + (long) (s * 1e9 / rate);
      sender.emit(message(t, s, padding));
      s++;
    }
    sent = s;
    sender.flush();
    if (s >= total || stop || sender.isClosed()) {
      endNanos = now;
      cancel();
    }
  }

  private void cancel() {
    ScheduledFuture<?> f = future;
    if (f != null) {
      f.cancel(false);
    }
  }

  /** Stops sending at the next tick. */
  void abort() {
    stop = true;
  }

  long sent() {
    return sent;
  }

  /** When the last message went out, or -1 while sending. */
  long endNanos() {
    return endNanos;
  }
}
