package dev.parley.socketio.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.EngineSocket;
import dev.parley.engineio.server.internal.EngineSession;
import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.codec.JsonCodec;
import dev.parley.socketio.codec.SocketPacketEncoder;
import dev.parley.socketio.server.Args;
import dev.parley.socketio.server.ConnectMiddleware;
import dev.parley.socketio.server.DisconnectReason;
import dev.parley.socketio.server.Namespace;
import dev.parley.socketio.server.NamespaceFilter;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.ServerSideListener;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server: its namespaces, the Engine.IO server underneath, and the HTTP server it starts. */
public final class DefaultSocketIoServer extends AbstractNamespace implements SocketIoServer {
  private static final Logger log = LoggerFactory.getLogger(DefaultSocketIoServer.class);

  private final ServerOptions options;
  private final JsonCodec json;
  private final PacketWriter writer;
  private final EngineServer engine;
  private final ConcurrentHashMap<String, NamespaceImpl> namespaces = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<ParentNamespaceImpl> parents = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<Namespace>> namespaceListeners = new CopyOnWriteArrayList<>();
  private final NamespaceImpl main;
  private volatile EngineHttpServer http;
  private volatile ScheduledExecutorService fallbackScheduler;
  private boolean closed;

  public DefaultSocketIoServer(ServerOptions options) {
    this.options = options;
    this.json = new JsonCodec(options.codecLimits());
    this.writer = new PacketWriter(new SocketPacketEncoder(json));
    this.engine = EngineServer.create(options.engine(), this::onConnection);
    this.main = (NamespaceImpl) of("/");
  }

  private void onConnection(EngineSocket socket) {
    Client client = new Client(this, (EngineSession) socket);
    socket.setHandler(client);
    client.start();
  }

  ObjectMapper mapper() {
    return json.mapper();
  }

  JsonCodec json() {
    return json;
  }

  PacketWriter writer() {
    return writer;
  }

  /**
   * Where to schedule timers that belong to no connection (a broadcast's ack timeout): the calling event loop if
   * there is one, else one of the server's loops.
   */
  ScheduledExecutorService scheduler() {
    EngineHttpServer server = http;
    if (server != null && server.eventLoops() != null) {
      for (io.netty.util.concurrent.EventExecutor loop : server.eventLoops()) {
        if (loop.inEventLoop()) {
          return loop;
        }
      }
      return server.eventLoops().next();
    }
    ScheduledExecutorService fallback = fallbackScheduler;
    if (fallback == null) {
      synchronized (this) {
        if (fallbackScheduler == null) {
          fallbackScheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("parley-timer", true));
        }
        fallback = fallbackScheduler;
      }
    }
    return fallback;
  }

  @Override
  public ServerOptions options() {
    return options;
  }

  @Override
  public EngineServer engine() {
    return engine;
  }

  // ---- namespaces ----

  @Override
  public Namespace of(String name) {
    String normalized = name.startsWith("/") ? name : "/" + name;
    boolean[] created = new boolean[1];
    NamespaceImpl nsp = namespaces.computeIfAbsent(normalized, n -> {
      created[0] = true;
      return new NamespaceImpl(n, this, null);
    });
    if (created[0]) {
      initialize(nsp);
    }
    return nsp;
  }

  @Override
  public Namespace of(Pattern pattern) {
    return addParent(pattern.pattern(),
        (nsp, auth) -> CompletableFuture.completedFuture(pattern.matcher(nsp).matches()));
  }

  @Override
  public Namespace of(NamespaceFilter filter) {
    return addParent("dynamic#" + parents.size(), filter);
  }

  private Namespace addParent(String label, NamespaceFilter filter) {
    ParentNamespaceImpl parent = new ParentNamespaceImpl(label, filter, this);
    parents.add(parent);
    return parent;
  }

  private void initialize(NamespaceImpl nsp) {
    nsp.adapter().init().whenComplete((v, error) -> {
      if (error != null) {
        log.error("adapter of namespace {} failed to start", nsp.name(), error);
      }
    });
    for (Consumer<Namespace> listener : namespaceListeners) {
      try {
        listener.accept(nsp);
      } catch (RuntimeException e) {
        log.error("new namespace listener failed", e);
      }
    }
  }

  /** The existing namespace with this exact name, or {@code null}. */
  NamespaceImpl namespace(String name) {
    return namespaces.get(name);
  }

  /** Finds the first dynamic group accepting {@code name} and creates the child, or completes with null. */
  CompletableFuture<NamespaceImpl> dynamicNamespace(String name, JsonNode auth) {
    return tryParent(0, name, auth);
  }

  private CompletableFuture<NamespaceImpl> tryParent(int index, String name, JsonNode auth) {
    if (index >= parents.size()) {
      return CompletableFuture.completedFuture(null);
    }
    ParentNamespaceImpl parent = parents.get(index);
    return parent.accepts(name, auth).toCompletableFuture().exceptionally(e -> false).thenCompose(accepted -> {
      if (!Boolean.TRUE.equals(accepted)) {
        return tryParent(index + 1, name, auth);
      }
      boolean[] created = new boolean[1];
      NamespaceImpl child = namespaces.computeIfAbsent(name, n -> {
        created[0] = true;
        return parent.createChild(n);
      });
      if (created[0]) {
        initialize(child);
      }
      return CompletableFuture.completedFuture(child);
    });
  }

  void removeNamespace(NamespaceImpl nsp) {
    if (namespaces.remove(nsp.name(), nsp)) {
      nsp.adapter().close();
    }
  }

  @Override
  public SocketIoServer onNewNamespace(Consumer<Namespace> listener) {
    namespaceListeners.add(listener);
    return this;
  }

  // ---- lifecycle ----

  @Override
  public synchronized InetSocketAddress start() {
    if (http != null) {
      throw new IllegalStateException("already started");
    }
    EngineHttpServer.Builder builder = httpServerBuilder(this);
    EngineHttpServer server = builder.build();
    try {
      InetSocketAddress address = server.start();
      http = server;
      return address;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding", e);
    }
  }

  /**
   * The HTTP server builder of {@code io} (what {@code ParleyNetty.httpServer} returns): its engine mounted, the host,
   * port, threads and limits of its options, and the client bundle route when serveClient is on. It lives here, not in
   * the netty package, so that the implementation does not depend on the embedding API (no package cycle).
   */
  public static EngineHttpServer.Builder httpServerBuilder(SocketIoServer io) {
    ServerOptions options = io.options();
    EngineHttpServer.Builder builder = EngineHttpServer.builder(io.engine())
        .host(options.host())
        .port(options.port())
        .ioThreads(options.ioThreads())
        .limits(options.httpLimits());
    if (options.serveClient()) {
      if (ClientBundleHandler.available()) {
        String path = options.engine().path();
        builder.route(() -> new ClientBundleHandler(path));
      } else {
        log.warn("serveClient is on but the client bundle is not on the class path; not serving it");
      }
    }
    return builder;
  }

  /** Adopts an HTTP server started elsewhere (the Netty embedding), so close() stops it too. */
  public synchronized void attach(EngineHttpServer server) {
    this.http = server;
  }

  @Override
  public void close(Duration grace) {
    EngineHttpServer server;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      server = http;
    }
    for (NamespaceImpl nsp : namespaces.values()) {
      nsp.close(DisconnectReason.SERVER_SHUTTING_DOWN);
    }
    if (server != null) {
      server.close(grace);
    } else {
      engine.close();
    }
    ScheduledExecutorService fallback = fallbackScheduler;
    if (fallback != null) {
      fallback.shutdownNow();
    }
  }

  // ---- Namespace: the main namespace ----

  @Override
  public String name() {
    return main.name();
  }

  @Override
  public Namespace on(String event, Consumer<Socket> listener) {
    return main.on(event, listener);
  }

  @Override
  public Namespace use(ConnectMiddleware middleware) {
    return main.use(middleware);
  }

  @Override
  public Map<String, Socket> sockets() {
    return main.sockets();
  }

  @Override
  public Adapter adapter() {
    return main.adapter();
  }

  @Override
  public Namespace onServerSideEmit(String event, ServerSideListener listener) {
    return main.onServerSideEmit(event, listener);
  }

  @Override
  public void serverSideEmit(String event, Object... args) {
    main.serverSideEmit(event, args);
  }

  @Override
  public CompletableFuture<List<Args>> serverSideEmitWithAck(Duration timeout, String event, Object... args) {
    return main.serverSideEmitWithAck(timeout, event, args);
  }

  @Override
  BroadcastOperatorImpl operator() {
    return main.operator();
  }
}
