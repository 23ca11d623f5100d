package dev.parley.engineio.server.netty;

import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.internal.DefaultEngineServer;
import dev.parley.engineio.server.internal.EngineHttpHandler;
import dev.parley.engineio.server.internal.HttpTimeoutsHandler;
import dev.parley.engineio.server.internal.NotFoundHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sets up an accepted connection: the HTTP codec with its limits, read timeouts, the engine's handler, then the
 * application's own HTTP handlers for every request outside the engine's path, and a 404 at the end.
 *
 * <pre>{@code
 * new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
 *     .childHandler(new EngineChannelInitializer(List.of(engine), HttpServerLimits.DEFAULTS, List.of(MyRoutes::new)));
 * }</pre>
 */
public final class EngineChannelInitializer extends ChannelInitializer<Channel> {
  /** The pipeline name of the HTTP read-timeout handler. */
  public static final String HTTP_TIMEOUTS = "parley-http-timeouts";

  private final List<DefaultEngineServer> engines;
  private final HttpServerLimits limits;
  private final List<Supplier<? extends ChannelHandler>> routes;

  /**
   * @param engines the engines to mount, each on its own path
   * @param limits HTTP limits
   * @param routes suppliers of handlers for the requests outside the engines' paths, in order; each connection gets
   *     new instances (unless the handler is {@code @Sharable})
   */
  public EngineChannelInitializer(List<EngineServer> engines, HttpServerLimits limits,
      List<Supplier<? extends ChannelHandler>> routes) {
    if (engines.isEmpty()) {
      throw new IllegalArgumentException("at least one engine is required");
    }
    if (engines.stream().map(e -> e.options().path()).distinct().count() != engines.size()) {
      throw new IllegalArgumentException("each engine needs its own path");
    }
    this.engines = engines.stream().map(e -> (DefaultEngineServer) e).toList();
    this.limits = limits;
    this.routes = List.copyOf(routes);
  }

  /** Immutable, so one for every channel. */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  @Override
  protected void initChannel(Channel ch) {
    ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
    ChannelPipeline p = ch.pipeline();
    p.addLast("parley-http-codec", new HttpServerCodec(new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxInitialLineLength())
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setMaxChunkSize(64 * 1024)
        .setStrictLineParsing(true)));
    int maxDeflate = engines.stream().filter(e -> e.options().perMessageDeflate())
        .mapToInt(e -> e.options().maxHttpBufferSize()).max().orElse(0);
    if (maxDeflate > 0) {
      p.addLast("parley-ws-deflate", new WebSocketServerCompressionHandler(maxDeflate));
    }
    p.addLast(HTTP_TIMEOUTS, new HttpTimeoutsHandler(limits.headerTimeout(), limits.bodyTimeout()));
    p.addLast("parley-engine", new EngineHttpHandler(engines));
    for (Supplier<? extends ChannelHandler> route : routes) {
      p.addLast(route.get());
    }
    p.addLast("parley-not-found", NotFoundHandler.INSTANCE);
  }
}
