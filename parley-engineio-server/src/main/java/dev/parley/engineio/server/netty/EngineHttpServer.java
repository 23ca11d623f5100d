package dev.parley.engineio.server.netty;

import dev.parley.engineio.server.EngineServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a TCP port and serves one or more {@link EngineServer}s (and any extra HTTP routes) over HTTP/1.1.
 *
 * <p>Uses the native epoll transport where available, NIO elsewhere. One acceptor thread, and {@code ioThreads}
 * event loops (default: one per core) that own the connections and the sessions made on them.
 *
 * <pre>{@code
 * EngineHttpServer http = EngineHttpServer.builder(engine).port(3000).build();
 * InetSocketAddress bound = http.start();
 * }</pre>
 */
public final class EngineHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineHttpServer.class);

  private final List<EngineServer> engines;
  private final String host;
  private final int port;
  private final int ioThreads;
  private final HttpServerLimits limits;
  private final List<Supplier<? extends ChannelHandler>> routes;
  private EventLoopGroup acceptor;
  private EventLoopGroup workers;
  private Channel serverChannel;
  private boolean closed;

  private EngineHttpServer(Builder b) {
    this.engines = List.copyOf(b.engines);
    this.host = b.host;
    this.port = b.port;
    this.ioThreads = b.ioThreads;
    this.limits = b.limits != null ? b.limits : HttpServerLimits.of(b.engines.get(0).options().limits());
    this.routes = List.copyOf(b.routes);
  }

  /** A builder serving {@code engine}; {@link Builder#mount} adds more engines on other paths. */
  public static Builder builder(EngineServer engine) {
    return new Builder(engine);
  }

  /** Binds and starts serving; returns the bound address (useful with port 0). */
  public synchronized InetSocketAddress start() throws InterruptedException {
    if (serverChannel != null) {
      throw new IllegalStateException("already started");
    }
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-accept", true), io);
    workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("parley-io", true), io);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(channelType)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new EngineChannelInitializer(engines, limits, routes));
    try {
      serverChannel = bootstrap.bind(host, port).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownGroups(Duration.ZERO);
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
    log.info("listening on {}:{} ({} transport, {} event loops)", bound.getHostString(), bound.getPort(),
        epoll ? "epoll" : "nio", ioThreads);
    return bound;
  }

  /** The event loops that own the connections, once started (for timers that belong to no connection). */
  public EventLoopGroup eventLoops() {
    return workers;
  }

  /** The bound address, once started. */
  public InetSocketAddress address() {
    return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
  }

  /** Stops accepting connections; sessions already open go on. */
  public synchronized void stopAccepting() {
    if (serverChannel != null && serverChannel.isOpen()) {
      serverChannel.close().awaitUninterruptibly();
    }
  }

  /**
   * Shuts down gracefully within {@code grace}: the engines refuse new sessions and close theirs (so polling
   * clients still get their close packet on their next request), then the port stops accepting and the event loops
   * write what they still hold and stop.
   */
  public synchronized void close(Duration grace) {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + grace.toNanos();
    engines.forEach(EngineServer::close);
    for (EngineServer engine : engines) {
      try {
        engine.closed().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        log.info("{} sessions still open after the grace period; closing them", engine.clientsCount());
      } catch (java.util.concurrent.ExecutionException e) {
        log.warn("engine close failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    awaitQueuedWrites(deadline);
    stopAccepting();
    shutdownGroups(Duration.ofNanos(Math.max(Duration.ofMillis(200).toNanos(), deadline - System.nanoTime())));
  }

  /**
   * Lets every event loop run what is queued, so that the last answers (written from a session's loop to a channel
   * of another loop) go out before the channels close: a loop shutting down closes its channels before it runs its
   * remaining tasks.
   */
  private void awaitQueuedWrites(long deadline) {
    if (workers == null) {
      return;
    }
    for (io.netty.util.concurrent.EventExecutor loop : workers) {
      loop.submit(() -> { }).awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }

  private void shutdownGroups(Duration grace) {
    long quietMillis = Math.min(100, grace.toMillis());
    List<io.netty.util.concurrent.Future<?>> futures = new ArrayList<>();
    if (acceptor != null) {
      futures.add(acceptor.shutdownGracefully(0, grace.toMillis(), TimeUnit.MILLISECONDS));
    }
    if (workers != null) {
      futures.add(workers.shutdownGracefully(quietMillis, grace.toMillis(), TimeUnit.MILLISECONDS));
    }
    for (io.netty.util.concurrent.Future<?> f : futures) {
      f.awaitUninterruptibly(grace.toMillis() + 1000);
    }
  }

  /** Builds an {@link EngineHttpServer}. */
  public static final class Builder {
    private final List<EngineServer> engines = new ArrayList<>();
    private String host = "0.0.0.0";
    private int port = 0;
    private int ioThreads = Runtime.getRuntime().availableProcessors();
    /** Null: the HTTP limits of the first engine's {@link dev.parley.engineio.server.Limits}. */
    private HttpServerLimits limits;
    private final List<Supplier<? extends ChannelHandler>> routes = new ArrayList<>();

    private Builder(EngineServer engine) {
      engines.add(Objects.requireNonNull(engine, "engine"));
    }

    /** Serves another engine, on its own path, from the same port. */
    public Builder mount(EngineServer engine) {
      engines.add(Objects.requireNonNull(engine, "engine"));
      return this;
    }

    /** The address to bind; default all interfaces. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be positive");
      }
      this.ioThreads = threads;
      return this;
    }

    /** HTTP limits other than the engine's own {@link dev.parley.engineio.server.Limits} (which are the default). */
    public Builder limits(HttpServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Adds a handler for requests outside the engine's path; they are tried in the order added. */
    public Builder route(Supplier<? extends ChannelHandler> handler) {
      routes.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    public EngineHttpServer build() {
      return new EngineHttpServer(this);
    }
  }
}
