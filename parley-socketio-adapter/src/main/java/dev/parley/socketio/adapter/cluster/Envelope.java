package dev.parley.socketio.adapter.cluster;

import java.util.Objects;

/** The check every message record makes of its envelope: a sender and a namespace. */
final class Envelope {
  private Envelope() {}

  static void check(String uid, String nsp) {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(nsp, "nsp");
  }
}
