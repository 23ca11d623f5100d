package dev.parley.examroom.service;

import dev.parley.examroom.domain.TestSession;
import java.util.List;
import java.util.Map;

/**
 * Where committed changes go to reach people: the realtime gateway implements it with Socket.IO rooms. Called after
 * the transaction committed, never inside it.
 */
public interface SessionEventSink {

  /** Numbered session events (each with {@code type}, {@code sessionId}, {@code seq}, {@code serverTime}). */
  void published(TestSession session, List<Map<String, Object>> events);

  /** A timer snapshot (on changes and every few seconds). */
  void timer(TestSession session, Map<String, Object> timer);

  /** A broadcast notice, to everyone. */
  void notice(Map<String, Object> notice);

  /** A published result, to the candidate and the examiner. */
  void result(TestSession session, Map<String, Object> result);

  /** A sink that drops everything (tests of the service alone). */
  SessionEventSink NONE = new SessionEventSink() {
    @Override
    public void published(TestSession session, List<Map<String, Object>> events) {}

    @Override
    public void timer(TestSession session, Map<String, Object> timer) {}

    @Override
    public void notice(Map<String, Object> notice) {}

    @Override
    public void result(TestSession session, Map<String, Object> result) {}
  };
}
