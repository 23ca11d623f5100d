package dev.parley.engineio.server.internal;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the open sessions of each client address and refuses one past {@code maxPerAddress} (catalogue D1, D2).
 *
 * <p>It exists so that one address cannot hold every session slot, nor fill the heap with sessions that never poll:
 * a session takes a {@link Permit} at its handshake and gives it back when it closes. Entries go when their count
 * reaches zero, so the map holds only addresses with open sessions. Handshakes arrive on every event loop, hence the
 * concurrent map; each count changes atomically under its key.
 */
final class ConnectionsPerAddress {

  /** A taken slot; {@link #release()} is idempotent, so every path that ends a session may call it. */
  static final class Permit {
    static final Permit UNCOUNTED = new Permit(null, null);

    private final ConnectionsPerAddress owner;
    private final InetAddress address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(ConnectionsPerAddress owner, InetAddress address) {
      this.owner = owner;
      this.address = address;
    }

    void release() {
      if (owner != null && released.compareAndSet(false, true)) {
        owner.release(address);
      }
    }
  }

  private final int maxPerAddress;
  private final ConcurrentHashMap<InetAddress, Integer> counts = new ConcurrentHashMap<>();

  /** @param maxPerAddress the cap; {@code 0} counts nothing */
  ConnectionsPerAddress(int maxPerAddress) {
    this.maxPerAddress = maxPerAddress;
  }

  /** A slot for {@code address}, or {@code null} when it already has {@code maxPerAddress} sessions. */
  Permit tryAcquire(InetAddress address) {
    if (maxPerAddress <= 0 || address == null) {
      return Permit.UNCOUNTED;
    }
    boolean[] taken = new boolean[1];
    counts.compute(address, (a, n) -> {
      int current = n == null ? 0 : n;
      if (current >= maxPerAddress) {
        return n;
      }
      taken[0] = true;
      return current + 1;
    });
    return taken[0] ? new Permit(this, address) : null;
  }

  private void release(InetAddress address) {
    counts.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** The open sessions counted for {@code address}. */
  int count(InetAddress address) {
    return counts.getOrDefault(address, 0);
  }

  /** How many addresses have open sessions (the map's size: it must not grow with closed ones). */
  int addresses() {
    return counts.size();
  }
}
