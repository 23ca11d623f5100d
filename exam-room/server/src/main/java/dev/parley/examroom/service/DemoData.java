package dev.parley.examroom.service;

import dev.parley.examroom.auth.PasswordHasher;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.SessionStatus;
import dev.parley.examroom.domain.TestSession;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.SessionRepository;
import dev.parley.examroom.storage.UserRepository;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demo set-up of the embedded default: one admin, one examiner, two candidates (their credentials are shown on
 * the login page in demo mode only) and a test session for each candidate, created once.
 */
public final class DemoData {
  /**
   * A demo account.
   *
   * @param username login
   * @param password password, shown on the login page in demo mode
   * @param displayName shown name
   * @param role role
   */
  public record Account(String username, String password, String displayName, Role role) {}

  public static final List<Account> ACCOUNTS = List.of(
      new Account("admin", "admin-demo-1", "Ada Admin", Role.ADMIN),
      new Account("examiner", "examiner-demo-1", "Erin Examiner", Role.EXAMINER),
      new Account("candidate1", "candidate-demo-1", "Chen Candidate", Role.CANDIDATE),
      new Account("candidate2", "candidate-demo-2", "Carla Candidate", Role.CANDIDATE));

  private DemoData() {}

  /** Creates what is missing. */
  public static void ensure(Database db, PasswordHasher hasher, AppClock clock, ExamService exams) {
    UserRepository users = new UserRepository();
    SessionRepository sessions = new SessionRepository();
    db.inTransaction(c -> {
      long now = clock.millis();
      for (Account a : ACCOUNTS) {
        if (users.byUsername(c, a.username()).isEmpty()) {
          users.insert(c, new User(UUID.randomUUID().toString(), a.username(), a.displayName(), a.role()),
              hasher.hash(a.password()), now);
        }
      }
      if (sessions.all(c).isEmpty()) {
        String examiner = users.byUsername(c, "examiner").orElseThrow().id();
        int minutes = 10;
        for (String candidate : List.of("candidate1", "candidate2")) {
          User u = users.byUsername(c, candidate).orElseThrow();
          String id = UUID.randomUUID().toString();
          CueCards.CueCard card = CueCards.pick(id);
          sessions.insert(c, new TestSession(id, "Speaking test – " + u.displayName(), u.id(), examiner,
              now + minutes * 60_000L, SessionStatus.SCHEDULED, null, null, null, null, exams.defaultDurations(), 0,
              card.topic(), card.points(), 1, null, null, 0), now);
          minutes += 20;
        }
      }
      return null;
    });
  }

  /** The accounts as the login page lists them. */
  public static List<Map<String, String>> listing() {
    return ACCOUNTS.stream().map(a -> Map.of("username", a.username(), "password", a.password(),
        "role", a.role().wireName(), "displayName", a.displayName())).toList();
  }
}
