package dev.parley.socketio.server.internal;

import dev.parley.engineio.server.internal.HttpResponses;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the official client bundles ({@code <path>socket.io.js}, the minified, ESM and msgpack builds and their
 * source maps) from the class path, where the build put them from the npm package, like the reference's
 * {@code serveClient}. The ETag is the client's version, so browsers revalidate cheaply; gzip when accepted.
 */
public final class ClientBundleHandler extends ChannelInboundHandlerAdapter {
  private static final String RESOURCE_DIR = "META-INF/parley/socket.io-client/";
  private static final List<String> FILES = List.of("socket.io.js", "socket.io.min.js", "socket.io.esm.min.js",
      "socket.io.msgpack.min.js");

  /** A file ready to serve. */
  private record Bundle(byte[] plain, byte[] gzipped, String contentType) {}

  private static final Map<String, Bundle> BUNDLES = new HashMap<>();
  private static final String ETAG;
  private static final String WEAK_ETAG;

  static {
    for (String file : FILES) {
      load(file, "application/javascript; charset=utf-8");
      load(file + ".map", "application/json; charset=utf-8");
    }
    ETAG = "\"" + clientVersion() + "\"";
    WEAK_ETAG = "W/" + ETAG;
  }

  private final String prefix;
  private boolean swallowing;

  /** @param path the Socket.IO path, such as {@code /socket.io/} */
  public ClientBundleHandler(String path) {
    this.prefix = path;
  }

  /** Whether the bundles are on the class path (the client-bundle module was built). */
  public static boolean available() {
    return !BUNDLES.isEmpty();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (swallowing) {
      if (msg instanceof LastHttpContent) {
        swallowing = false;
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof HttpRequest request) || !isBundleRequest(request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      swallowing = !(msg instanceof LastHttpContent);
      serve(ctx, request);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private boolean isBundleRequest(HttpRequest request) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      return false;
    }
    String file = fileOf(request.uri());
    return file != null && BUNDLES.containsKey(file);
  }

  private String fileOf(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
  }

  private void serve(ChannelHandlerContext ctx, HttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    FullHttpResponse response;
    String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
    // the weak form too, as the reference: a cache or proxy that compressed the file hands back W/"<version>"
    if (ETAG.equals(ifNoneMatch) || WEAK_ETAG.equals(ifNoneMatch)) {
      response = HttpResponses.of(HttpResponseStatus.NOT_MODIFIED, null, new byte[0]);
    } else {
      Bundle bundle = BUNDLES.get(fileOf(request.uri()));
      String accept = request.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
      boolean gzip = accept.contains("gzip");
      byte[] body = request.method() == HttpMethod.HEAD ? new byte[0] : gzip ? bundle.gzipped : bundle.plain;
      response = HttpResponses.of(HttpResponseStatus.OK, bundle.contentType, body);
      if (gzip) {
        response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
      }
      response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
    }
    response.headers().set(HttpHeaderNames.ETAG, ETAG);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=0");
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(response);
    }
  }

  private static void load(String file, String contentType) {
    byte[] plain = read(RESOURCE_DIR + file);
    if (plain != null) {
      BUNDLES.put(file, new Bundle(plain, gzip(plain), contentType));
    }
  }

  private static String clientVersion() {
    byte[] manifest = read(RESOURCE_DIR + "package.json");
    if (manifest == null) {
      return "unknown";
    }
    Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(new String(manifest, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : "unknown";
  }

  private static byte[] read(String resource) {
    try (InputStream in = ClientBundleHandler.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
