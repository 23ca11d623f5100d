package dev.parley.benchmarks.soak;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the soak's clients sent, what the server acknowledged and what each receiver got, and the check that nothing
 * acknowledged was lost.
 *
 * <p>It exists to turn "the server survived" into "the server delivered": every chat message carries its sender and
 * the sender's sequence number, so for each sender the acknowledged numbers are a set, and each receiver that stayed
 * connected throughout must hold every one of them for the senders of its room, each sender's in order. Ticks, the
 * server's own broadcast, must arrive without a gap and keep arriving: a receiver whose last tick is more than
 * {@link #TICK_LAG} behind the server's is stalled (a gap check alone would pass one that stopped receiving). Receivers
 * record on their event loops; the check runs once the load has stopped; every method is synchronized on the record
 * it touches.
 */
final class History {
  /** How far (in ticks of 200 ms) a receiver may be behind the server's last tick when checked: 5 s. */
  static final long TICK_LAG = 25;

  /** One sender's acknowledged sequence numbers. */
  private static final class Sent {
    final String room;
    final BitSet acked = new BitSet();

    Sent(String room) {
      this.room = room;
    }
  }

  /** One receiver's view: per sender, the numbers received and the last one. */
  private static final class Received {
    final String room;
    final Map<String, BitSet> bySender = new HashMap<>();
    final Map<String, Integer> lastBySender = new HashMap<>();
    long outOfOrder;
    long tickGaps;
    long lastTick = -1;
    long messages;

    Received(String room) {
      this.room = room;
    }
  }

  /** The outcome of {@link #verify}. */
  record Result(long acked, long deliveriesChecked, long lost, long outOfOrder, long tickGaps, long stalledReceivers,
      List<String> examples) {
    boolean passed() {
      return lost == 0 && outOfOrder == 0 && tickGaps == 0 && stalledReceivers == 0;
    }
  }

  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  private final Map<String, Received> received = new ConcurrentHashMap<>();

  /** A receiver that will be checked (one connected for the whole run), in {@code room}. */
  void watch(String receiver, String room) {
    received.put(receiver, new Received(room));
  }

  /** The server acknowledged message {@code n} of {@code sender} to {@code room}. */
  void acked(String sender, String room, int n) {
    Sent s = sent.computeIfAbsent(sender, k -> new Sent(room));
    synchronized (s) {
      s.acked.set(n);
    }
  }

  /** A watched receiver got message {@code n} of {@code sender}. */
  void received(String receiver, String sender, int n) {
    Received r = received.get(receiver);
    if (r == null) {
      return;
    }
    synchronized (r) {
      r.messages++;
      r.bySender.computeIfAbsent(sender, k -> new BitSet()).set(n);
      Integer last = r.lastBySender.put(sender, n);
      if (last != null && n <= last) {
        r.outOfOrder++;
      }
    }
  }

  /** A watched receiver got tick {@code seq}. */
  void tick(String receiver, long seq) {
    Received r = received.get(receiver);
    if (r == null) {
      return;
    }
    synchronized (r) {
      if (r.lastTick >= 0 && seq != r.lastTick + 1) {
        r.tickGaps++;
      }
      r.lastTick = seq;
    }
  }

  /** Messages received by all watched receivers. */
  long messagesReceived() {
    long total = 0;
    for (Received r : received.values()) {
      synchronized (r) {
        total += r.messages;
      }
    }
    return total;
  }

  /**
   * Checks every acknowledged message against every receiver of its room in {@code throughout} (the watched
   * receivers that never disconnected), and every such receiver's ticks against {@code lastServerTick}, the sequence
   * number of the last tick the server broadcast ({@code -1}: not known, not checked).
   */
  Result verify(Set<String> throughout, long lastServerTick) {
    long acked = 0;
    long checked = 0;
    long lost = 0;
    long outOfOrder = 0;
    long tickGaps = 0;
    long stalled = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, Received> e : received.entrySet()) {
      if (!throughout.contains(e.getKey())) {
        continue;
      }
      Received r = e.getValue();
      synchronized (r) {
        outOfOrder += r.outOfOrder;
        tickGaps += r.tickGaps;
        if (lastServerTick >= 0 && r.lastTick < lastServerTick - TICK_LAG) {
          stalled++;
          if (examples.size() < 5) {
            examples.add(e.getKey() + " at tick " + r.lastTick + " of " + lastServerTick);
          }
        }
      }
    }
    for (Map.Entry<String, Sent> s : sent.entrySet()) {
      BitSet ackedNumbers;
      synchronized (s.getValue()) {
        ackedNumbers = (BitSet) s.getValue().acked.clone();
      }
      acked += ackedNumbers.cardinality();
      for (Map.Entry<String, Received> e : received.entrySet()) {
        Received r = e.getValue();
        if (!throughout.contains(e.getKey()) || !r.room.equals(s.getValue().room)) {
          continue;
        }
        BitSet missing = (BitSet) ackedNumbers.clone();
        synchronized (r) {
          missing.andNot(r.bySender.getOrDefault(s.getKey(), new BitSet()));
        }
        checked += ackedNumbers.cardinality();
        lost += missing.cardinality();
        if (!missing.isEmpty() && examples.size() < 5) {
          examples.add(e.getKey() + " missed " + s.getKey() + " #" + missing.nextSetBit(0));
        }
      }
    }
    return new Result(acked, checked, lost, outOfOrder, tickGaps, stalled, examples);
  }
}
