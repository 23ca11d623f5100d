package dev.parley.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.socketio.server.ServerOptions;
import dev.parley.socketio.server.SocketIoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP side of {@code serveClient}: the official client's files at {@code <path>socket.io.js} and siblings. */
@Timeout(30)
class ClientBundleHttpTest {
  private static final String RESOURCES = "META-INF/parley/socket.io-client/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static SocketIoServer io;
  private static String base;
  private static String etag;

  @BeforeAll
  static void start() throws IOException {
    io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).build());
    base = "http://127.0.0.1:" + io.start().getPort();
    String version = JSON.readTree(resource("package.json")).get("version").asText();
    assertThat(version).as("the bundled client's version").matches("4\\.\\d+\\.\\d+");
    etag = "\"" + version + "\"";
  }

  @AfterAll
  static void stop() {
    io.close(Duration.ofMillis(500));
  }

  @Test
  void servesTheClientAsJavaScriptWithItsVersionAsETag() throws Exception {
    HttpResponse<byte[]> response = get("/socket.io/socket.io.js");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
    assertThat(response.headers().firstValue("etag")).hasValue(etag);
    assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=0");
    assertThat(response.headers().firstValue("content-encoding")).isEmpty();
    // byte for byte the npm package's dist/socket.io.js
    assertThat(response.body()).isEqualTo(resource("socket.io.js"));
    assertThat(new String(response.body(), 0, 200, StandardCharsets.UTF_8))
        .contains("Socket.IO v" + etag.replace("\"", ""));
  }

  @Test
  void aQueryStringDoesNotChangeTheFile() throws Exception {
    HttpResponse<byte[]> response = get("/socket.io/socket.io.js?v=" + System.nanoTime());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(resource("socket.io.js"));
  }

  @Test
  void aMatchingIfNoneMatchGets304WithoutBody() throws Exception {
    HttpResponse<byte[]> response = send(request("/socket.io/socket.io.js").header("If-None-Match", etag));
    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("etag")).hasValue(etag);
  }

  @Test
  void aWeakIfNoneMatchGets304Too() throws Exception {
    // caches and proxies that compress a response weaken its ETag; the reference accepts W/"<version>" as well
    HttpResponse<byte[]> response = send(request("/socket.io/socket.io.js").header("If-None-Match", "W/" + etag));
    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aStaleIfNoneMatchGetsTheFile() throws Exception {
    HttpResponse<byte[]> response = send(request("/socket.io/socket.io.js").header("If-None-Match", "\"4.0.0\""));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(resource("socket.io.js"));
  }

  @Test
  void gzipWhenTheClientAcceptsIt() throws Exception {
    HttpResponse<byte[]> response = send(request("/socket.io/socket.io.js")
        .header("Accept-Encoding", "gzip, deflate, br"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(response.headers().firstValue("vary")).hasValueSatisfying(v ->
        assertThat(v).containsIgnoringCase("accept-encoding"));
    assertThat(response.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
    byte[] plain = resource("socket.io.js");
    assertThat(response.body().length).isLessThan(plain.length / 2);
    assertThat(gunzip(response.body())).isEqualTo(plain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"socket.io.min.js", "socket.io.esm.min.js", "socket.io.msgpack.min.js"})
  void servesTheOtherBuilds(String file) throws Exception {
    HttpResponse<byte[]> response = get("/socket.io/" + file);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/javascript; charset=utf-8");
    assertThat(response.headers().firstValue("etag")).hasValue(etag);
    assertThat(response.body()).isEqualTo(resource(file));
    if (file.contains("esm")) {
      assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("export{");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"socket.io.js.map", "socket.io.min.js.map", "socket.io.esm.min.js.map"})
  void servesTheSourceMapsAsJson(String file) throws Exception {
    HttpResponse<byte[]> response = get("/socket.io/" + file);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("etag")).hasValue(etag);
    JsonNode map = JSON.readTree(response.body());
    assertThat(map.get("version").asInt()).isEqualTo(3);
    assertThat(map.get("mappings").asText()).isNotEmpty();
    assertThat(map.get("sources")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/socket.io/socket.io.nothing.js", "/socket.io/package.json", "/socket.io.js",
      "/socket.io/../socket.io/socket.io.js.gz"})
  void otherFilesAreNotFound(String path) throws Exception {
    assertThat(get(path).statusCode()).isEqualTo(404);
  }

  @Test
  void nothingIsServedWhenServeClientIsOff() throws Exception {
    SocketIoServer quiet = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
        .serveClient(false).build());
    String quietBase = "http://127.0.0.1:" + quiet.start().getPort();
    try {
      for (String file : new String[] {"socket.io.js", "socket.io.min.js", "socket.io.esm.min.js",
          "socket.io.js.map"}) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(quietBase + "/socket.io/" + file))
            .timeout(Duration.ofSeconds(5)));
        assertThat(response.statusCode()).as(file).isEqualTo(404);
      }
      // the engine itself still answers on the same path
      HttpResponse<byte[]> handshake = send(HttpRequest.newBuilder(
          URI.create(quietBase + "/socket.io/?EIO=4&transport=polling")).timeout(Duration.ofSeconds(5)));
      assertThat(handshake.statusCode()).isEqualTo(200);
      assertThat(new String(handshake.body(), StandardCharsets.UTF_8)).startsWith("0{\"sid\":");
    } finally {
      quiet.close(Duration.ofMillis(500));
    }
  }

  // ---- helpers ----

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
  }

  private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    return send(request(path));
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A file of the npm package, as the client-bundle module put it on the class path. */
  private static byte[] resource(String file) {
    try (InputStream in = ClientBundleHttpTest.class.getClassLoader().getResourceAsStream(RESOURCES + file)) {
      assertThat(in).as("class path resource " + RESOURCES + file).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
