package dev.parley.examroom;

import dev.parley.engineio.server.CorsOptions;
import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.examroom.auth.JwtSecret;
import dev.parley.examroom.chat.ChatGateway;
import dev.parley.examroom.chat.ChatRoutes;
import dev.parley.examroom.chat.ChatService;
import dev.parley.examroom.auth.PasswordHasher;
import dev.parley.examroom.auth.TokenService;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.health.HealthEndpoint;
import dev.parley.examroom.http.ApiHandler;
import dev.parley.examroom.http.AppRoutes;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.http.StaticWeb;
import dev.parley.examroom.realtime.RealtimeGateway;
import dev.parley.examroom.realtime.SocketCluster;
import dev.parley.examroom.recording.RecordingRoutes;
import dev.parley.examroom.recording.RecordingService;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.service.AuthService;
import dev.parley.examroom.service.DemoData;
import dev.parley.examroom.service.ExamService;
import dev.parley.examroom.service.NoticeService;
import dev.parley.examroom.service.ScoringService;
import dev.parley.examroom.storage.Database;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.netty.ParleyNetty;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exam room, assembled: the composition root, and the only place that knows every part. The web UI, the REST
 * API and Socket.IO share one port.
 */
public final class ExamRoomApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExamRoomApp.class);

  private final AppConfig config;
  private final Database db;
  private final SocketIoServer io;
  private final ScheduledExecutorService scheduler;
  private final InetSocketAddress address;
  private final AppClock clock;

  private ExamRoomApp(AppConfig config, Database db, SocketIoServer io, ScheduledExecutorService scheduler,
      InetSocketAddress address, AppClock clock) {
    this.config = config;
    this.db = db;
    this.io = io;
    this.scheduler = scheduler;
    this.address = address;
    this.clock = clock;
  }

  /** Starts everything; the returned app is serving. */
  public static ExamRoomApp start(AppConfig config) throws InterruptedException {
    AppClock clock = AppClock.system(config.adjustableClock());
    Database db = Database.open(config);
    TokenService tokens = new TokenService(JwtSecret.load(config.jwtSecret(), config.dataDir()),
        config.accessTokenTtl(), clock);
    PasswordHasher hasher = new PasswordHasher();
    ExamService exams = new ExamService(db, clock, config);
    NoticeService notices = new NoticeService(db, clock);
    ScoringService scoring = new ScoringService(db, clock);
    AuthService auth = new AuthService(db, clock, tokens, hasher, config.refreshTokenTtl());
    if (config.demo()) {
      DemoData.ensure(db, hasher, clock, exams);
    }
    exams.loadActive();
    RecordingService recordings = RecordingService.open(db, clock, config);

    ServerOptions.Builder options = ServerOptions.builder().host(config.httpHost()).port(config.httpPort())
        .pingInterval(config.pingInterval()).pingTimeout(config.pingTimeout())
        .limits(l -> l.maxConnectionsPerIp(config.socketLimits().maxConnectionsPerIp())
            .eventsPerSecondPerSocket(config.socketLimits().eventsPerSecond())
            .eventBurst(config.socketLimits().eventBurst()));
    if (!config.corsOrigins().isEmpty()) {
      options.cors(CorsOptions.origins(config.corsOrigins(), true));
    }
    SocketCluster.configure(options, config, tokens);
    SocketIoServer io = SocketIoServer.create(options.build());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "exam-clock");
      t.setDaemon(true);
      return t;
    });
    RealtimeGateway gateway = new RealtimeGateway(io, tokens,
        new RealtimeGateway.Services(exams, notices, scoring), clock, scheduler,
        config.disconnectGrace().toMillis());
    gateway.install();
    exams.setSink(gateway);
    notices.setSink(gateway);
    scoring.setSink(gateway);
    auth.onLogout(gateway::disconnectUser);
    ChatService chat = new ChatService(db, clock, config.chat());
    chat.ensurePublicRooms();
    new ChatGateway(io, chat, clock, scheduler).install();

    Router router = new Router();
    new AppRoutes(config, auth, exams, notices, scoring, clock).register(router);
    new ChatRoutes(chat).register(router);
    new RecordingRoutes(recordings).register(router);
    new HealthEndpoint(db, io).register(router);
    StaticWeb web = StaticWeb.load();
    if (!web.available()) {
      log.warn("the web UI is not on the class path (build exam-room/web); serving the API only");
    }
    EngineHttpServer http = ParleyNetty.httpServer(io)
        .route(() -> new ApiHandler(router, web, tokens, config.corsOrigins()))
        .build();
    ParleyNetty.attach(io, http);
    InetSocketAddress address = http.start();
    scheduler.scheduleAtFixedRate(() -> run(exams::tick), 200, 200, TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(() -> run(exams::broadcastTimers), 10, 10, TimeUnit.SECONDS);
    if (config.cluster().isClustered()) {
      // the sessions other nodes created or changed get this node's clock too, so none stops with its node
      scheduler.scheduleAtFixedRate(() -> exams.refreshActive().exceptionally(e -> {
        log.warn("reading the active sessions failed: {}", e.getMessage());
        return null;
      }), 1, 1, TimeUnit.SECONDS);
    }
    log.info("exam room on http://localhost:{}/ ({}, Socket.IO adapter {})", address.getPort(),
        config.isSqlite() ? "SQLite" : "PostgreSQL", config.cluster().mode().wireName());
    return new ExamRoomApp(config, db, io, scheduler, address, clock);
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("clock task failed", e);
    }
  }

  public InetSocketAddress address() {
    return address;
  }

  public AppConfig config() {
    return config;
  }

  public AppClock clock() {
    return clock;
  }

  public SocketIoServer io() {
    return io;
  }

  @Override
  public void close() {
    // Sockets first: their disconnect listeners (presence grace timers) schedule on the scheduler, which, shut down
    // first, rejected them and every close logged "disconnect listener ... failed" per connected socket.
    io.close(Duration.ofSeconds(2));
    scheduler.shutdownNow();
    db.close();
  }
}
