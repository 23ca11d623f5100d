package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.JsonStrings;
import dev.parley.engineio.server.EngineErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Small helpers to build and send the few kinds of HTTP answers the engine gives. */
public final class HttpResponses {
  public static final String JSON = "application/json";

  private HttpResponses() {}

  /** A response with a body and its length. */
  public static FullHttpResponse of(HttpResponseStatus status, String contentType, byte[] body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    if (contentType != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  /** The reference's error body: {@code {"code":n,"message":"…"}}. */
  public static byte[] errorBody(EngineErrorCode code) {
    return ("{\"code\":" + code.code() + ",\"message\":" + JsonStrings.quote(code.message()) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** An error answer with the reference's status and JSON body. */
  public static FullHttpResponse error(EngineErrorCode code) {
    return of(HttpResponseStatus.valueOf(code.httpStatus()), JSON, errorBody(code));
  }

  /**
   * The answer to a handshake from an address that already has {@code maxConnectionsPerIp} sessions (catalogue D1):
   * 429, before any upgrade. The body carries no Engine.IO error code, as the reference has none for it.
   */
  public static FullHttpResponse tooManyConnections() {
    return of(HttpResponseStatus.TOO_MANY_REQUESTS, JSON,
        "{\"message\":\"Too many connections from this address\"}".getBytes(StandardCharsets.US_ASCII));
  }

  /** Sends a response and closes the connection after it. */
  public static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  /** A plain-text status answer, such as 413 or 404, that closes the connection. */
  public static void sendStatusAndClose(ChannelHandlerContext ctx, HttpResponseStatus status) {
    sendAndClose(ctx, of(status, "text/plain; charset=UTF-8",
        status.reasonPhrase().getBytes(StandardCharsets.US_ASCII)));
  }

  /** Gzips a body. */
  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

}
