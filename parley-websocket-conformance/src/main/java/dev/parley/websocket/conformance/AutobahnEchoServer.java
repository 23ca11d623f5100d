package dev.parley.websocket.conformance;

import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineServer;
import dev.parley.engineio.server.netty.EngineHttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;

/**
 * The WebSocket echo server the Autobahn suite's fuzzing client runs against: {@link EchoRoute} on every path but
 * the engine's, served by a regular {@link EngineHttpServer}, on the IPv4 loopback only.
 *
 * <p>The Maven plugin calls {@link #main} with the port in a thread of its own and interrupts that thread when the
 * suite is done, which stops the server. The engine's options are the defaults except for two:
 * <ul>
 *   <li>permessage-deflate on. The suite this plugin bundles has no compression cases (its list ends at 10.*), so
 *       deflate itself goes untested, but with extensions allowed Netty's decoder lets reserved bits through and
 *       {@code WebSocketFrameHandler} must refuse them (cases 3.*): this configuration tests more of our code than
 *       the default one, which differs only in Netty's decoder refusing those bits itself;
 *   <li>16 MiB messages in up to {@link #MAX_FRAGMENTS} frames, which the 9.* cases send.
 * </ul>
 */
public final class AutobahnEchoServer {
  /** The largest message of the 9.* cases. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  /**
   * Above the most frames of one message in the 9.* cases: 9.3.1 and 9.4.1 send 4 MiB as an empty first frame and
   * 65,536 continuation frames of 64 bytes.
   */
  static final int MAX_FRAGMENTS = 100_000;

  private AutobahnEchoServer() {}

  /** Starts the server on {@code args[0]} (default 9001), 127.0.0.1, and serves until interrupted. */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
    EngineOptions options = EngineOptions.builder()
        .maxHttpBufferSize(MAX_MESSAGE_BYTES)
        .perMessageDeflate(true)
        .build();
    // the suite never uses the engine's own path; the engine is there for its HTTP pipeline
    EngineServer engine = EngineServer.create(options, socket -> { });
    EngineHttpServer http = EngineHttpServer.builder(engine)
        .host("127.0.0.1")
        .port(port)
        .ioThreads(1)
        .route(() -> new EchoRoute(MAX_MESSAGE_BYTES, MAX_FRAGMENTS, options.perMessageDeflate()))
        .build();
    InetSocketAddress bound = http.start();
    System.out.println("Autobahn echo server on ws://127.0.0.1:" + bound.getPort() + "/");
    try {
      new CountDownLatch(1).await();
    } finally {
      http.close();
    }
  }
}
