package dev.parley.socketio.adapter;

import java.util.Objects;
import java.util.Set;

/**
 * Which sockets a broadcast or a server utility targets: those in any of {@code rooms} (all sockets when empty),
 * minus those in any of {@code except}.
 *
 * @param rooms the target rooms; empty means every socket of the namespace
 * @param except rooms whose sockets are excluded
 * @param flags the broadcast modifiers
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, BroadcastFlags flags) {

  public BroadcastOptions {
    rooms = Set.copyOf(rooms);
    except = Set.copyOf(except);
    Objects.requireNonNull(flags, "flags");
  }

  /** Every socket of the namespace. */
  public static BroadcastOptions all() {
    return new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT);
  }

  /** The sockets of these rooms. */
  public static BroadcastOptions rooms(Set<String> rooms) {
    return new BroadcastOptions(rooms, Set.of(), BroadcastFlags.DEFAULT);
  }

  /** Whether a socket in {@code socketRooms} is targeted (used to replay missed packets). */
  public boolean includes(Set<String> socketRooms) {
    boolean included = rooms.isEmpty() || socketRooms.stream().anyMatch(rooms::contains);
    return included && socketRooms.stream().noneMatch(except::contains);
  }
}
