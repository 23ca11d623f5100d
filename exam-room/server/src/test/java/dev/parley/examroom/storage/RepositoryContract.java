package dev.parley.examroom.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.PartDurations;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.EventRepository.StoredEvent;
import dev.parley.examroom.storage.ScoreRepository.Score;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repositories' behaviour, run against SQLite and against PostgreSQL by the two subclasses. */
abstract class RepositoryContract {
  @TempDir
  Path dir;
  AppConfig config;
  Database db;
  final UserRepository users = new UserRepository();
  final SessionRepository sessions = new SessionRepository();
  final EventRepository events = new EventRepository();
  final NoticeRepository notices = new NoticeRepository();
  final ScoreRepository scores = new ScoreRepository();
  final TokenRepository tokens = new TokenRepository();

  abstract AppConfig newConfig(Path dir);

  void dispose(AppConfig config) {}

  @BeforeEach
  void open() {
    config = newConfig(dir);
    db = Database.open(config);
    db.inTransaction(c -> {
      users.insert(c, new User("c1", "cand", "Cand", Role.CANDIDATE), "hash-c", 1);
      users.insert(c, new User("e1", "exam", "Exam", Role.EXAMINER), "hash-e", 1);
      users.insert(c, new User("c2", "other", "Other", Role.CANDIDATE), "hash-o", 1);
      return null;
    });
  }

  @AfterEach
  void close() {
    db.close();
    dispose(config);
  }

  private static TestSession session(String id, String candidate) {
    return new TestSession(id, "T " + id, candidate, "e1", 1000, SessionStatus.SCHEDULED, null, null, null, null,
        new PartDurations(1, 2, 3, 4), 0, "Topic", List.of("p1", "p2"), 1, null, null, 0);
  }

  @Test
  void usersByNameAndId() {
    db.inTransaction(c -> {
      assertThat(users.byUsername(c, "cand")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Role.CANDIDATE));
      assertThat(users.byId(c, "e1").orElseThrow().username()).isEqualTo("exam");
      assertThat(users.passwordHash(c, "exam")).hasValue("hash-e");
      assertThat(users.byUsername(c, "nobody")).isEmpty();
      assertThat(users.count(c)).isEqualTo(3);
      return null;
    });
  }

  @Test
  void sessionsRoundTripAndOptimisticVersions() {
    db.inTransaction(c -> {
      sessions.insert(c, session("s1", "c1"), 5);
      TestSession loaded = sessions.byId(c, "s1").orElseThrow();
      assertThat(loaded).isEqualTo(session("s1", "c1"));
      assertThat(sessions.forUser(c, "c1")).hasSize(1);
      assertThat(sessions.forUser(c, "c2")).isEmpty();
      assertThat(sessions.active(c)).hasSize(1);
      TestSession next = loaded.afterWrite(2);
      assertThat(sessions.update(c, next, 0)).isTrue();
      assertThat(sessions.update(c, next, 0)).as("stale version").isFalse();
      assertThat(sessions.byId(c, "s1").orElseThrow().nextSeq()).isEqualTo(3);
      return null;
    });
  }

  @Test
  void eventsComeBackInOrderAfterASeq() {
    db.inTransaction(c -> {
      sessions.insert(c, session("s1", "c1"), 5);
      for (int seq = 1; seq <= 5; seq++) {
        events.insert(c, new StoredEvent("s1", seq, "admin_message", "{\"n\":" + seq + "}", "e1", seq));
      }
      List<StoredEvent> missed = events.since(c, "s1", 2);
      assertThat(missed).extracting(StoredEvent::seq).containsExactly(3L, 4L, 5L);
      assertThat(events.since(c, "s1", 5)).isEmpty();
      return null;
    });
  }

  @Test
  void alertsFollowTheUsersSessionsAndDismissalsHideCriticalNotices() {
    db.inTransaction(c -> {
      sessions.insert(c, session("s1", "c1"), 5);
      sessions.insert(c, session("s2", "c2"), 5);
      long broadcast = notices.insert(c, null, "critical", "Fire drill", "a", "Admin", 10).id();
      long mine = notices.insert(c, "s1", "info", "For c1", "e1", "Exam", 11).id();
      notices.insert(c, "s2", "info", "For c2", "e1", "Exam", 12);
      assertThat(mine).isGreaterThan(broadcast);
      assertThat(notices.alertsSince(c, "c1", false, 0)).extracting(NoticeRepository.Notice::text)
          .containsExactly("Fire drill", "For c1");
      assertThat(notices.alertsSince(c, "c1", false, broadcast)).extracting(NoticeRepository.Notice::text)
          .containsExactly("For c1");
      assertThat(notices.alertsSince(c, "x", true, 0)).hasSize(3);
      assertThat(notices.undismissedCritical(c, "c1")).hasSize(1);
      notices.dismiss(c, broadcast, "c1", 20);
      notices.dismiss(c, broadcast, "c1", 21);
      assertThat(notices.undismissedCritical(c, "c1")).isEmpty();
      assertThat(notices.undismissedCritical(c, "c2")).hasSize(1);
      return null;
    });
  }

  @Test
  void scoresUpsertAndPublish() {
    db.inTransaction(c -> {
      sessions.insert(c, session("s1", "c1"), 5);
      scores.upsert(c, new Score("s1", 6, 6, 6, 7, 65, "e1", 100, null));
      scores.upsert(c, new Score("s1", 7, 7, 7, 7, 70, "e1", 200, null));
      assertThat(scores.bySession(c, "s1").orElseThrow().overallTenths()).isEqualTo(70);
      scores.markPublished(c, "s1", 300);
      assertThat(scores.bySession(c, "s1").orElseThrow().publishedAt()).isEqualTo(300L);
      return null;
    });
  }

  @Test
  void refreshTokensExpireAndRevoke() {
    db.inTransaction(c -> {
      tokens.insert(c, "h1", "c1", 1000);
      tokens.insert(c, "h2", "c1", 1000);
      assertThat(tokens.validUser(c, "h1", 999)).hasValue("c1");
      assertThat(tokens.validUser(c, "h1", 1000)).isEmpty();
      assertThat(tokens.revoke(c, "h1", 1)).isTrue();
      assertThat(tokens.revoke(c, "h1", 2)).isFalse();
      assertThat(tokens.validUser(c, "h1", 5)).isEmpty();
      tokens.revokeAll(c, "c1", 3);
      assertThat(tokens.validUser(c, "h2", 5)).isEmpty();
      return null;
    });
  }

  @Test
  void aFailedTransactionLeavesNothing() {
    try {
      db.inTransaction(c -> {
        sessions.insert(c, session("s9", "c1"), 5);
        throw new IllegalStateException("boom");
      });
    } catch (IllegalStateException expected) {
      // rolled back
    }
    db.inTransaction(c -> {
      assertThat(sessions.byId(c, "s9")).isEmpty();
      return null;
    });
  }
}
