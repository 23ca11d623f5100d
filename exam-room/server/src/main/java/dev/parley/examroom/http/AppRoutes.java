package dev.parley.examroom.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.PartDurations;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.AuthService;
import dev.parley.examroom.service.DemoData;
import dev.parley.examroom.service.ExamService;
import dev.parley.examroom.service.NoticeService;
import dev.parley.examroom.service.ScoringService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The REST API of {@code docs/events.md}: each route checks the caller, calls a service, shapes the answer. */
public final class AppRoutes {
  static final String REFRESH_COOKIE = "parley_refresh";

  private final AppConfig config;
  private final AuthService auth;
  private final ExamService exams;
  private final NoticeService notices;
  private final ScoringService scoring;
  private final AppClock clock;

  public AppRoutes(AppConfig config, AuthService auth, ExamService exams, NoticeService notices,
      ScoringService scoring, AppClock clock) {
    this.config = config;
    this.auth = auth;
    this.exams = exams;
    this.notices = notices;
    this.scoring = scoring;
    this.clock = clock;
  }

  public void register(Router router) {
    router.post("/api/auth/login", this::login);
    router.post("/api/auth/refresh", this::refresh);
    router.post("/api/auth/logout", r -> auth.logout(r.principal())
        .thenApply(v -> ApiResponse.noContent().cookie(clearCookie())));
    router.get("/api/me", r -> auth.me(r.principal()).thenApply(u -> ApiResponse.ok(Map.of("user", userView(u)))));
    router.get("/api/config", r -> CompletableFuture.completedFuture(ApiResponse.ok(configView())));
    router.get("/api/users", r -> auth.users(r.principal())
        .thenApply(list -> ApiResponse.ok(Map.of("users", list.stream().map(AppRoutes::userView).toList()))));
    router.get("/api/sessions", r -> exams.list(r.principal()).thenApply(list -> ApiResponse.ok(Map.of("sessions",
        list.stream().map(s -> withTimer(exams.view(s), exams.timer(s, clock.millis()))).toList()))));
    router.post("/api/sessions", this::createSession);
    router.get("/api/sessions/{id}", r -> exams.get(r.principal(), r.param("id"))
        .thenApply(s -> ApiResponse.ok(Map.of("session", exams.view(s), "timer", exams.timer(s, clock.millis())))));
    router.get("/api/sessions/{id}/audit", r -> exams.audit(r.principal(), r.param("id"))
        .thenApply(log -> ApiResponse.ok(Map.of("audit", log))));
    router.get("/api/sessions/{id}/result", r -> scoring.result(r.principal(), r.param("id"))
        .thenApply(res -> ApiResponse.ok(res == null ? Map.of() : Map.of("result", res))));
    router.get("/api/alerts", this::alerts);
    router.post("/api/testing/clock", this::advanceClock);
  }

  private CompletableFuture<ApiResponse> login(ApiRequest r) {
    JsonNode body = r.json();
    return auth.login(body.path("username").asText(null), body.path("password").asText(null))
        .thenApply(this::signedIn);
  }

  private CompletableFuture<ApiResponse> refresh(ApiRequest r) {
    return auth.refresh(r.cookie(REFRESH_COOKIE)).thenApply(this::signedIn);
  }

  private ApiResponse signedIn(AuthService.SignedIn s) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accessToken", s.access().token());
    body.put("expiresAt", s.access().expiresAt());
    body.put("user", userView(s.user()));
    long maxAge = Math.max(0, (s.refreshExpiresAt() - clock.millis()) / 1000);
    return ApiResponse.ok(body).cookie(REFRESH_COOKIE + "=" + s.refreshToken() + "; Path=/api/auth; Max-Age="
        + maxAge + "; HttpOnly; SameSite=Strict" + (config.secureCookies() ? "; Secure" : ""));
  }

  private String clearCookie() {
    return REFRESH_COOKIE + "=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Strict"
        + (config.secureCookies() ? "; Secure" : "");
  }

  private Map<String, Object> configView() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("demo", config.demo());
    if (config.demo()) {
      view.put("demoAccounts", DemoData.listing());
    }
    view.put("adjustableClock", clock.isAdjustable());
    view.put("serverTime", clock.millis());
    return view;
  }

  private CompletableFuture<ApiResponse> createSession(ApiRequest r) {
    Principal p = r.principal();
    JsonNode b = r.json();
    if (!b.path("scheduledAt").canConvertToLong()) {
      throw ApiException.invalid("scheduledAt (epoch milliseconds) is required");
    }
    PartDurations durations = null;
    JsonNode d = b.get("durations");
    if (d != null && d.isObject()) {
      PartDurations defaults = exams.defaultDurations();
      durations = new PartDurations(d.path("part1").asLong(defaults.part1()),
          d.path("part2_prep").asLong(defaults.prep()), d.path("part2_talk").asLong(defaults.talk()),
          d.path("part3").asLong(defaults.part3()));
    }
    return exams.create(p, b.path("title").asText(null), b.path("candidateId").asText(null),
        b.path("examinerId").asText(null), b.path("scheduledAt").asLong(), durations)
        .thenApply(s -> ApiResponse.json(201, Map.of("session", exams.view(s),
            "timer", exams.timer(s, clock.millis()))));
  }

  private CompletableFuture<ApiResponse> alerts(ApiRequest r) {
    long since;
    try {
      since = r.query("since") == null ? 0 : Long.parseLong(r.query("since"));
    } catch (NumberFormatException e) {
      throw ApiException.invalid("since must be a notice id");
    }
    return notices.alertsSince(r.principal(), since).thenApply(list -> ApiResponse.ok(Map.of("alerts", list,
        "serverTime", clock.millis())));
  }

  private CompletableFuture<ApiResponse> advanceClock(ApiRequest r) {
    if (!clock.isAdjustable()) {
      throw ApiException.notFound("no such endpoint");
    }
    Principal p = r.principal();
    if (!p.is(dev.parley.examroom.domain.Role.ADMIN)) {
      throw ApiException.forbidden("only admins may move the test clock");
    }
    long ms = r.json().path("advanceMs").asLong(0);
    if (ms < 0) {
      throw ApiException.invalid("advanceMs must not be negative");
    }
    clock.advance(Duration.ofMillis(ms));
    exams.tick();
    return CompletableFuture.completedFuture(ApiResponse.ok(Map.of("serverTime", clock.millis())));
  }

  private static Map<String, Object> withTimer(Map<String, Object> view, Map<String, Object> timer) {
    Map<String, Object> v = new LinkedHashMap<>(view);
    v.put("timer", timer);
    return v;
  }

  static Map<String, Object> userView(User u) {
    return Map.of("id", u.id(), "username", u.username(), "displayName", u.displayName(),
        "role", u.role().wireName());
  }

}
