package dev.parley.examroom.service;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.domain.Bands;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.ScoreRepository;
import dev.parley.examroom.storage.ScoreRepository.Score;
import dev.parley.examroom.storage.SessionRepository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The examiner's scores and their publication to the candidate. */
public final class ScoringService {
  private final Database db;
  private final AppClock clock;
  private final SessionRepository sessions = new SessionRepository();
  private final ScoreRepository scores = new ScoreRepository();
  private volatile SessionEventSink sink = SessionEventSink.NONE;

  public ScoringService(Database db, AppClock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void setSink(SessionEventSink sink) {
    this.sink = sink;
  }

  /** Stores a score sheet (not yet published). Only the session's examiner scores. */
  public CompletableFuture<Map<String, Object>> score(Principal p, String sessionId, int fluency, int lexical,
      int grammar, int pronunciation) {
    int overall = Bands.overallTenths(fluency, lexical, grammar, pronunciation);
    return db.tx(c -> {
      TestSession s = sessions.byId(c, sessionId).orElseThrow(() -> ApiException.notFound("no such session"));
      if (!s.examinerId().equals(p.userId())) {
        throw ApiException.forbidden("only the session's examiner may score it");
      }
      if (s.status() == SessionStatus.SCHEDULED || s.status() == SessionStatus.WAITING) {
        throw ApiException.conflict("the test has not started");
      }
      Score score = new Score(sessionId, fluency, lexical, grammar, pronunciation, overall, p.userId(),
          clock.millis(), null);
      scores.upsert(c, score);
      return view(score);
    });
  }

  /** Publishes the result: the candidate receives {@code result_published} live. */
  public CompletableFuture<Map<String, Object>> publish(Principal p, String sessionId) {
    TestSession[] session = new TestSession[1];
    return db.tx(c -> {
      TestSession s = sessions.byId(c, sessionId).orElseThrow(() -> ApiException.notFound("no such session"));
      if (!s.examinerId().equals(p.userId()) && !p.is(Role.ADMIN)) {
        throw ApiException.forbidden("only the session's examiner may publish its result");
      }
      Score score = scores.bySession(c, sessionId).orElseThrow(() -> ApiException.conflict("score the test first"));
      scores.markPublished(c, sessionId, clock.millis());
      session[0] = s;
      return view(score);
    }).thenApply(result -> {
      sink.result(session[0], result);
      return result;
    });
  }

  /** The published result, for the candidate (or any result, for the examiner and admins). */
  public CompletableFuture<Map<String, Object>> result(Principal p, String sessionId) {
    return db.read(c -> {
      TestSession s = sessions.byId(c, sessionId).orElseThrow(() -> ApiException.notFound("no such session"));
      if (!s.isParticipant(p.userId()) && !p.is(Role.ADMIN)) {
        throw ApiException.forbidden("you do not take part in this session");
      }
      Score score = scores.bySession(c, sessionId).orElse(null);
      if (score == null || (score.publishedAt() == null && s.candidateId().equals(p.userId()))) {
        return null;
      }
      return view(score);
    });
  }

  static Map<String, Object> view(Score s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sessionId", s.sessionId());
    v.put("fluency", s.fluency());
    v.put("lexical", s.lexical());
    v.put("grammar", s.grammar());
    v.put("pronunciation", s.pronunciation());
    v.put("overall", s.overallTenths() / 10.0);
    v.put("published", s.publishedAt() != null);
    return v;
  }
}
