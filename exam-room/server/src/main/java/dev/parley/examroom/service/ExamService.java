package dev.parley.examroom.service;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.PartDurations;
import dev.parley.examroom.domain.PendingEvent;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.SessionStateMachine;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.domain.Transition;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.EventRepository;
import dev.parley.examroom.storage.EventRepository.StoredEvent;
import dev.parley.examroom.storage.NoticeRepository;
import dev.parley.examroom.storage.SessionLocks;
import dev.parley.examroom.storage.SessionRepository;
import dev.parley.examroom.storage.UserRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test sessions driven by the server: commands from examiners and admins, and the clock.
 *
 * <p>Every change follows the same path: one session at a time ({@link KeyedSerialExecutor}), in one transaction
 * that re-reads the session, checks the caller's role, applies the {@link SessionStateMachine}, numbers and stores
 * the resulting events and saves the session with an optimistic version check; only after the commit are the events
 * sent. So nothing is announced that is not stored, and a client that reconnects replays exactly what it missed.
 */
public final class ExamService {
  private static final Logger log = LoggerFactory.getLogger(ExamService.class);
  public static final String SYSTEM = "system";

  private final Database db;
  private final AppClock clock;
  private final AppConfig config;
  private final SessionStateMachine machine;
  private final KeyedSerialExecutor serial;
  private final SessionRepository sessions = new SessionRepository();
  private final EventRepository events = new EventRepository();
  private final UserRepository users = new UserRepository();
  private final NoticeRepository notices = new NoticeRepository();
  private final ConcurrentHashMap<String, TestSession> active = new ConcurrentHashMap<>();
  private final Set<String> ticking = ConcurrentHashMap.newKeySet();
  private volatile SessionEventSink sink = SessionEventSink.NONE;

  /** Who may run a command. */
  enum Access { PARTICIPANT, EXAMINER, CANDIDATE, CLOCK }

  /** A change to apply to a session at a time. */
  @FunctionalInterface
  interface Command {
    Transition apply(TestSession session, long now);
  }

  public ExamService(Database db, AppClock clock, AppConfig config) {
    this.db = db;
    this.clock = clock;
    this.config = config;
    this.machine = new SessionStateMachine(config.waitingLead().toMillis(), true);
    this.serial = new KeyedSerialExecutor(db.executor());
  }

  public void setSink(SessionEventSink sink) {
    this.sink = sink;
  }

  public AppClock clock() {
    return clock;
  }

  /** Loads the sessions the clock still drives; called once at start. */
  public void loadActive() {
    db.inTransaction(c -> {
      sessions.active(c).forEach(s -> active.put(s.id(), s));
      return null;
    });
    log.info("{} active test sessions", active.size());
  }

  /**
   * Catches up with the other nodes: sessions they created or changed, and those they finished. With several nodes
   * each one's clock drives every active session (the lock in {@link #applyWith} lets one of them do each change),
   * so a node that dies leaves no session without a clock.
   */
  public CompletableFuture<Void> refreshActive() {
    return db.read(sessions::active).thenAccept(fresh -> {
      Set<String> ids = ConcurrentHashMap.newKeySet();
      for (TestSession s : fresh) {
        ids.add(s.id());
        active.merge(s.id(), s, (cached, stored) -> stored.version() >= cached.version() ? stored : cached);
      }
      active.keySet().retainAll(ids);
    });
  }

  // ---- queries ----

  public CompletableFuture<TestSession> create(Principal admin, String title, String candidateId,
      String examinerId, long scheduledAt, PartDurations durations) {
    requireRole(admin, Role.ADMIN);
    if (title == null || title.isBlank() || title.length() > 200) {
      throw ApiException.invalid("a title of 1 to 200 characters is required");
    }
    return db.tx(c -> {
      User candidate = users.byId(c, candidateId).orElseThrow(() -> ApiException.invalid("unknown candidate"));
      User examiner = users.byId(c, examinerId).orElseThrow(() -> ApiException.invalid("unknown examiner"));
      if (candidate.role() != Role.CANDIDATE || examiner.role() != Role.EXAMINER) {
        throw ApiException.invalid("candidateId must be a candidate and examinerId an examiner");
      }
      String id = UUID.randomUUID().toString();
      CueCards.CueCard card = CueCards.pick(id);
      PartDurations d = durations != null ? durations : defaultDurations();
      TestSession s = new TestSession(id, title.strip(), candidateId, examinerId, scheduledAt,
          SessionStatus.SCHEDULED, null, null, null, null, d, 0, card.topic(), card.points(), 1, null, null, 0);
      sessions.insert(c, s, clock.millis());
      return s;
    }).thenApply(s -> {
      active.put(s.id(), s);
      return s;
    });
  }

  public PartDurations defaultDurations() {
    return new PartDurations(config.part1().toMillis(), config.part2Prep().toMillis(),
        config.part2Talk().toMillis(), config.part3().toMillis());
  }

  public CompletableFuture<List<TestSession>> list(Principal p) {
    return db.read(c -> p.is(Role.ADMIN) ? sessions.all(c) : sessions.forUser(c, p.userId()));
  }

  public CompletableFuture<TestSession> get(Principal p, String id) {
    return db.read(c -> load(c, id, p, Access.PARTICIPANT));
  }

  /**
   * A participant (re)joins: the session, its timer, and every event after {@code lastSeq}, in order.
   */
  public CompletableFuture<Map<String, Object>> join(Principal p, String id, long lastSeq) {
    return db.read(c -> {
      TestSession s = load(c, id, p, Access.PARTICIPANT);
      List<Map<String, Object>> missed = new ArrayList<>();
      for (StoredEvent e : events.since(c, id, lastSeq)) {
        if (isReplayed(e.type())) {
          missed.add(Json.readMap(e.payload()));
        }
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("session", view(s));
      result.put("timer", timer(s, clock.millis()));
      result.put("events", missed);
      return result;
    });
  }

  /** Events a participant replays; the rest is audit only. */
  private static boolean isReplayed(String type) {
    return !"help_requested".equals(type) && !"part_stopped".equals(type);
  }

  public CompletableFuture<List<Map<String, Object>>> audit(Principal p, String id) {
    return db.read(c -> {
      load(c, id, p, Access.EXAMINER);
      List<Map<String, Object>> log = new ArrayList<>();
      for (StoredEvent e : events.since(c, id, 0)) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("seq", e.seq());
        entry.put("type", e.type());
        entry.put("actor", e.actorId() == null ? SYSTEM : e.actorId());
        entry.put("serverTime", e.createdAt());
        entry.put("data", Json.readMap(e.payload()));
        log.add(entry);
      }
      return log;
    });
  }

  // ---- commands ----

  public CompletableFuture<TestSession> start(Principal p, String id) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.start(s, now, p.userId()));
  }

  public CompletableFuture<TestSession> nextPart(Principal p, String id) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.nextPart(s, now, p.userId()));
  }

  public CompletableFuture<TestSession> pause(Principal p, String id) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.pause(s, now, p.userId()));
  }

  public CompletableFuture<TestSession> resume(Principal p, String id) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.resume(s, now, p.userId()));
  }

  public CompletableFuture<TestSession> extend(Principal p, String id, int seconds) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.extend(s, seconds, now, p.userId()));
  }

  public CompletableFuture<TestSession> abort(Principal p, String id, String reason) {
    return apply(id, p, Access.EXAMINER, (s, now) -> machine.abort(s, reason, now, p.userId()));
  }

  /** An examiner's (or admin's) message to the session's candidate; stored, numbered, replayed. */
  public CompletableFuture<Map<String, Object>> adminMessage(Principal p, String id, String text, String severity) {
    String clean = Validation.text(text, 1000);
    String level = Validation.severity(severity);
    long[] noticeId = new long[1];
    return applyWith(id, p, Access.EXAMINER, (c, s, now) -> {
      noticeId[0] = notices.insert(c, id, level, clean, p.userId(), p.displayName(), now).id();
      return new Transition(s, List.of(new PendingEvent("admin_message", Map.of("id", noticeId[0], "text", clean,
          "severity", level, "from", p.displayName()), p.userId())));
    }).thenApply(applied -> applied.events().get(0));
  }

  /** The candidate asks for help; the examiner and admins hear of it at once. */
  public CompletableFuture<Map<String, Object>> needHelp(Principal p, String id, String text) {
    String clean = text == null || text.isBlank() ? "The candidate needs help" : Validation.text(text, 500);
    return applyWith(id, p, Access.CANDIDATE, (c, s, now) -> new Transition(s, List.of(new PendingEvent(
        "help_requested", Map.of("candidate", p.displayName(), "text", clean), p.userId()))))
        .thenApply(applied -> applied.events().get(0));
  }

  /** A session changed by a command, and the events it produced (as sent). */
  record Applied(TestSession session, List<Map<String, Object>> events) {}

  @FunctionalInterface
  interface StoringCommand {
    Transition apply(Connection c, TestSession session, long now) throws SQLException;
  }

  private CompletableFuture<TestSession> apply(String id, Principal p, Access access, Command command) {
    return applyWith(id, p, access, (c, s, now) -> command.apply(s, now)).thenApply(Applied::session);
  }

  private CompletableFuture<Applied> applyWith(String id, Principal p, Access access, StoringCommand command) {
    return serial.submit(id, () -> db.inTransaction(c -> {
      if (!db.isSqlite() && id != null && id.length() <= 64) {
        SessionLocks.lock(c, id);
      }
      TestSession s = load(c, id, p, access);
      long now = clock.millis();
      Transition t = command.apply(c, s, now);
      if (!t.changed()) {
        return new Applied(t.session(), List.of());
      }
      return store(c, s, t, now, p);
    })).thenApply(applied -> {
      afterCommit(applied);
      return applied;
    });
  }

  private Applied store(Connection c, TestSession before, Transition t, long now, Principal caller)
      throws SQLException {
    List<Map<String, Object>> sent = new ArrayList<>();
    long seq = before.nextSeq();
    for (PendingEvent e : t.events()) {
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("type", e.type());
      payload.put("sessionId", before.id());
      payload.put("seq", seq);
      payload.putAll(e.payload());
      payload.put("serverTime", now);
      payload.put("actor", e.actorId() == null ? SYSTEM : e.actorId());
      // the caller's name, for people reading the log; the clock's own changes are the server's
      payload.put("actorName", e.actorId() != null && e.actorId().equals(caller.userId()) ? caller.displayName()
          : "Server");
      events.insert(c, new StoredEvent(before.id(), seq, e.type(), Json.write(payload), e.actorId(), now));
      sent.add(payload);
      seq++;
    }
    TestSession after = t.session().afterWrite(t.events().size());
    if (!sessions.update(c, after, before.version())) {
      throw ApiException.conflict("the session changed meanwhile; please retry");
    }
    return new Applied(after, sent);
  }

  private void afterCommit(Applied applied) {
    TestSession s = applied.session();
    if (s.status().isTerminal()) {
      active.remove(s.id());
    } else {
      active.put(s.id(), s);
    }
    if (!applied.events().isEmpty()) {
      sink.published(s, applied.events());
      sink.timer(s, timer(s, clock.millis()));
    }
  }

  private TestSession load(Connection c, String id, Principal p, Access access) throws SQLException {
    if (id == null || id.length() > 64) {
      throw ApiException.invalid("a sessionId is required");
    }
    TestSession s = sessions.byId(c, id).orElseThrow(() -> ApiException.notFound("no such session"));
    if (access == Access.CLOCK || p.is(Role.ADMIN) && access != Access.CANDIDATE) {
      return s;
    }
    boolean allowed = switch (access) {
      case PARTICIPANT -> s.isParticipant(p.userId());
      case EXAMINER -> s.examinerId().equals(p.userId());
      case CANDIDATE -> s.candidateId().equals(p.userId());
      case CLOCK -> true;
    };
    if (!allowed) {
      throw ApiException.forbidden(switch (access) {
        case EXAMINER -> "only the session's examiner may do this";
        case CANDIDATE -> "only the session's candidate may do this";
        default -> "you do not take part in this session";
      });
    }
    return s;
  }

  static void requireRole(Principal p, Role role) {
    if (!p.is(role)) {
      throw ApiException.forbidden("only " + role.wireName() + "s may do this");
    }
  }

  // ---- the clock ----

  /** Applies whatever the clock made due; called a few times a second by the ticker. */
  public void tick() {
    long now = clock.millis();
    for (TestSession cached : active.values()) {
      if (machine.tick(cached, now).changed() && ticking.add(cached.id())) {
        Principal system = new Principal(SYSTEM, SYSTEM, "Server", Role.ADMIN, Long.MAX_VALUE);
        applyWith(cached.id(), system, Access.CLOCK, (c, s, at) -> machine.tick(s, at))
            .whenComplete((applied, error) -> {
              ticking.remove(cached.id());
              if (error != null) {
                ApiException api = Errors.toApi(error);
                if (!"conflict".equals(api.code())) {
                  log.warn("clock transition of session {} failed: {}", cached.id(), api.getMessage());
                }
              }
            });
      }
    }
  }

  /** Sends every running session's timer (re-sync for clients). */
  public void broadcastTimers() {
    long now = clock.millis();
    for (TestSession s : active.values()) {
      if (s.status() == SessionStatus.IN_PROGRESS || s.status() == SessionStatus.PAUSED) {
        sink.timer(s, timer(s, now));
      }
    }
  }

  /** The cached session, for presence bookkeeping; {@code null} when not active. */
  public TestSession cached(String id) {
    return active.get(id);
  }

  // ---- views ----

  public Map<String, Object> timer(TestSession s, long now) {
    Map<String, Object> timer = new LinkedHashMap<>();
    timer.put("sessionId", s.id());
    timer.put("status", s.status().label());
    timer.put("part", s.part() == null ? null : s.part().wireName());
    timer.put("remainingMs", s.remainingMs(now));
    timer.put("partDurationMs", s.part() == null ? 0 : s.durations().of(s.part()));
    timer.put("running", s.status() == SessionStatus.IN_PROGRESS);
    timer.put("msToStart", s.status() == SessionStatus.SCHEDULED || s.status() == SessionStatus.WAITING
        ? Math.max(0, s.scheduledAt() - now) : 0);
    timer.put("serverTime", now);
    return timer;
  }

  public Map<String, Object> view(TestSession s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", s.id());
    v.put("title", s.title());
    v.put("candidateId", s.candidateId());
    v.put("examinerId", s.examinerId());
    v.put("scheduledAt", s.scheduledAt());
    v.put("status", s.status().label());
    v.put("part", s.part() == null ? null : s.part().wireName());
    v.put("durations", Map.of("part1", s.durations().part1(), "part2_prep", s.durations().prep(),
        "part2_talk", s.durations().talk(), "part3", s.durations().part3()));
    v.put("cueCard", Map.of("topic", s.cueTopic(), "points", s.cuePoints()));
    v.put("lastSeq", s.nextSeq() - 1);
    v.put("startedAt", s.startedAt());
    v.put("endedAt", s.endedAt());
    return v;
  }
}
