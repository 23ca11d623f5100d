package dev.parley.examroom.service;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.NoticeRepository;
import dev.parley.examroom.storage.NoticeRepository.Notice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Admin broadcasts (info, warning, critical), their dismissal, and the REST fallback for alerts. A critical notice
 * stays until each user dismisses it, so late joiners receive it when they connect.
 */
public final class NoticeService {
  private final Database db;
  private final AppClock clock;
  private final NoticeRepository notices = new NoticeRepository();
  private volatile SessionEventSink sink = SessionEventSink.NONE;

  public NoticeService(Database db, AppClock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void setSink(SessionEventSink sink) {
    this.sink = sink;
  }

  public CompletableFuture<Map<String, Object>> broadcast(Principal admin, String text, String severity) {
    ExamService.requireRole(admin, Role.ADMIN);
    String clean = Validation.text(text, 1000);
    String level = Validation.severity(severity);
    return db.tx(c -> notices.insert(c, null, level, clean, admin.userId(), admin.displayName(), clock.millis()))
        .thenApply(notice -> {
          Map<String, Object> view = view(notice);
          sink.notice(view);
          return view;
        });
  }

  public CompletableFuture<Void> dismiss(Principal p, long noticeId) {
    return db.tx(c -> {
      if (!notices.exists(c, noticeId)) {
        throw ApiException.notFound("no such notice");
      }
      notices.dismiss(c, noticeId, p.userId(), clock.millis());
      return null;
    });
  }

  /** What a user must see on connecting: the critical notices not dismissed yet. */
  public CompletableFuture<List<Map<String, Object>>> pendingCritical(Principal p) {
    return db.read(c -> notices.undismissedCritical(c, p.userId()).stream().map(NoticeService::view).toList());
  }

  /** The REST fallback: notices and session messages after {@code since}. */
  public CompletableFuture<List<Map<String, Object>>> alertsSince(Principal p, long since) {
    return db.read(c -> notices.alertsSince(c, p.userId(), p.is(Role.ADMIN), since).stream()
        .map(NoticeService::view).toList());
  }

  static Map<String, Object> view(Notice n) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", n.id());
    v.put("sessionId", n.sessionId());
    v.put("text", n.text());
    v.put("severity", n.severity());
    v.put("from", n.authorName());
    v.put("serverTime", n.createdAt());
    v.put("sticky", n.sessionId() == null && "critical".equals(n.severity()));
    return v;
  }
}
