package dev.parley.examroom.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One change to a test session at a time across every node. Within a node, {@code KeyedSerialExecutor} already
 * orders a session's changes; with several nodes on one PostgreSQL, each node's clock sees the same part end at the
 * same moment. A transaction-scoped advisory lock on the session makes the second one wait until the first commits,
 * then read the changed session and find nothing left to do: the transition, and its events, happen once.
 * (Without it the optimistic version check still stores one of them, but the other fails on the events' primary key
 * as a storage error instead of finding the work done.)
 */
public final class SessionLocks {
  private SessionLocks() {}

  /** Holds the session's lock until the transaction ends; PostgreSQL only (SQLite serves one node). */
  public static void lock(Connection c, String sessionId) throws SQLException {
    Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", rs -> 1, sessionId);
  }
}
