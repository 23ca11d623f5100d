package dev.parley.it.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.server.TransportName;
import dev.parley.engineio.server.netty.EngineHttpServer;
import dev.parley.socketio.server.Handshake;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.Socket;
import dev.parley.socketio.server.SocketIoServer;
import dev.parley.socketio.server.netty.ParleyNetty;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client bundle Parley serves at {@code /socket.io/socket.io.js}, loaded by a real page in headless Chromium
 * (Debian's, driven by playwright-core through {@code parley-integration-tests/browser/browser.cjs}).
 *
 * <p>Chromium is required: CI installs it ({@code apt-get install -y chromium chromium-driver}), so its absence is a
 * failure, not a skip.
 */
@Timeout(120)
class BrowserClientTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page: loads the bundle from the server itself, connects, upgrades, emits and shows the answers. */
  private static final String PAGE = """
      <!doctype html>
      <html>
      <head><meta charset="utf-8"><title>Parley in a browser</title><link rel="icon" href="data:,"></head>
      <body>
        <h1>Parley in a browser</h1>
        <p>Status: <span id="status">loading</span></p>
        <p>Answer: <span id="answer"></span></p>
        <p>Bytes: <span id="bytes"></span></p>
        <p>Transport: <span id="transport"></span></p>
        <script src="/socket.io/socket.io.js"></script>
        <script>
          const result = window.parleyResult = { done: false };
          const show = (id, text) => { document.getElementById(id).textContent = text; };
          const check = () => {
            if (result.answer && result.bytes && result.transport === 'websocket' && !result.done) {
              result.done = true;
              show('status', 'done');
            }
          };
          const socket = io({ reconnection: false, auth: { name: 'chromium' } });
          socket.io.engine.on('upgrade', (transport) => {
            result.transport = transport.name;
            show('transport', transport.name);
            check();
          });
          socket.on('connect', () => {
            result.id = socket.id;
            show('status', 'connected');
            socket.emit('hello', { from: 'browser', file: new Uint8Array([1, 2, 3]) }, (answer) => {
              result.answer = answer;
              show('answer', answer.text);
              check();
            });
          });
          socket.on('bytes', (buffer) => {
            result.bytes = Array.from(new Uint8Array(buffer));
            show('bytes', result.bytes.join(','));
            check();
          });
          socket.on('connect_error', (error) => {
            result.error = error.message;
            show('status', 'error: ' + error.message);
          });
        </script>
      </body>
      </html>
      """;

  @Test
  void thePageLoadsTheServedBundleConnectsUpgradesAndExchangesEvents() throws Exception {
    requireChromium();
    CompletableFuture<Socket> connected = new CompletableFuture<>();
    SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).build());
    io.on("connection", socket -> {
      socket.on("hello", (args, ack) -> {
        JsonNode hello = args.node(0);
        byte[] file = hello.get("file").binaryValue();
        ack.send(Map.of("text", "hello " + hello.get("from").asText() + ", " + file.length + " bytes"));
      });
      socket.emit("bytes", new byte[] {7, 8, 9});
      connected.complete(socket);
    });
    EngineHttpServer http = ParleyNetty.httpServer(io).route(PageHandler::new).build();
    ParleyNetty.attach(io, http);
    String origin = "http://127.0.0.1:" + http.start().getPort();
    try {
      JsonNode report = runPage(origin + "/");
      JsonNode result = report.get("result");

      assertThat(result.path("error").isMissingNode()).as("connect_error: %s", result.path("error")).isTrue();
      assertThat(result.get("answer").get("text").asText()).isEqualTo("hello browser, 3 bytes");
      assertThat(result.get("bytes").toString()).isEqualTo("[7,8,9]");
      assertThat(result.get("transport").asText()).isEqualTo("websocket");
      // what a person sees on the page
      assertThat(report.get("text").get("status").asText()).isEqualTo("done");
      assertThat(report.get("text").get("answer").asText()).isEqualTo("hello browser, 3 bytes");
      assertThat(report.get("text").get("bytes").asText()).isEqualTo("7,8,9");
      assertThat(report.get("failures")).as("failed requests").isEmpty();
      assertThat(report.get("consoleErrors")).isEmpty();

      // everything came from the server itself: the page, the bundle, the Engine.IO requests; no CDN
      List<String> requests = JSON.convertValue(report.get("requests"), JSON.getTypeFactory()
          .constructCollectionType(List.class, String.class));
      assertThat(requests).contains(origin + "/", origin + "/socket.io/socket.io.js")
          .allMatch(url -> url.startsWith(origin + "/") || url.startsWith("ws://127.0.0.1:"));

      Socket socket = connected.get(5, TimeUnit.SECONDS);
      assertThat(socket.id()).isEqualTo(result.get("id").asText());
      assertThat(socket.transport()).isEqualTo(TransportName.WEBSOCKET);
      Handshake handshake = socket.handshake();
      assertThat(handshake.header("user-agent")).contains("Chrome");
      assertThat(handshake.auth().get("name").asText()).isEqualTo("chromium");
      assertThat(handshake.xdomain()).as("a same-origin page sends no Origin on its polling GET").isFalse();
    } finally {
      io.close(Duration.ofMillis(500));
    }
  }

  static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      fail("Chromium is required for the browser tests and is not installed at " + CHROMIUM
          + ": run apt-get install -y chromium chromium-driver");
    }
  }

  /** Runs browser.cjs on a page and returns its report. */
  private static JsonNode runPage(String url) throws IOException, InterruptedException {
    Path dir = browserDir();
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      fail("playwright-core is not installed in " + dir + ": run npm ci there (the Maven build does)");
    }
    Path out = Files.createTempFile("parley-browser", ".out");
    Path err = Files.createTempFile("parley-browser", ".err");
    Path screenshot = Path.of("target", "browser-client-test.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    try {
      Process process = new ProcessBuilder("node", "browser.cjs", url, screenshot.toString())
          .directory(dir.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("browser.cjs did not finish within 90 s; stderr: " + Files.readString(err));
      }
      if (process.exitValue() != 0) {
        fail("browser.cjs failed (exit " + process.exitValue() + "): " + Files.readString(err));
      }
      return JSON.readTree(Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The Node workspace with browser.cjs: the system property set by the build, or next to this module. */
  private static Path browserDir() {
    String configured = System.getProperty("parley.browser.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path candidate : new Path[] {Path.of("browser"), Path.of("parley-integration-tests/browser")}) {
      if (Files.exists(candidate.resolve("browser.cjs"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("set parley.browser.dir to parley-integration-tests/browser");
  }

  /** Serves the test page at {@code /}; every other request goes on down the pipeline. */
  static final class PageHandler extends ChannelInboundHandlerAdapter {
    private boolean swallowing;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (swallowing) {
        // the rest of a request this handler answered
        swallowing = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!(msg instanceof HttpRequest request) || !request.uri().equals("/")) {
        ctx.fireChannelRead(msg);
        return;
      }
      swallowing = !(msg instanceof LastHttpContent);
      ReferenceCountUtil.release(msg);
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
      response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      ctx.writeAndFlush(response);
    }
  }
}
