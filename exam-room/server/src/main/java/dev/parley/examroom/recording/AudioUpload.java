package dev.parley.examroom.recording;

import dev.parley.examroom.files.FileNames;
import dev.parley.examroom.service.ApiException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Seed 002's {@code multipart/form-data} upload: finds the file part named {@code audio}. It exists to keep Netty's
 * decoder on a short leash: in memory only (no temporary files), the part capped at the chunk limit, few fields,
 * and always released; it runs on a worker thread, never on the event loop. The client's file name is kept only as
 * escaped metadata ({@link FileNames#escape}); it never becomes a path.
 */
final class AudioUpload {
  static final String FIELD = "audio";
  private static final int MAX_FIELDS = 16;
  private static final int MAX_BUFFERED_BYTES = 64 * 1024;

  /**
   * The uploaded file.
   *
   * @param data its bytes
   * @param originalName the client's name for it, escaped, or {@code null}
   */
  record Part(byte[] data, String originalName) {}

  private AudioUpload() {}

  /**
   * The non-empty {@code audio} file part of a request, or empty when there is none (including a body that is not
   * multipart or cannot be parsed as such).
   *
   * @throws ApiException {@code too_large} when the part exceeds {@code maxBytes}
   */
  static Optional<Part> parse(HttpHeaders headers, String uri, byte[] body, long maxBytes) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
        Unpooled.wrappedBuffer(body), headers.copy(), EmptyHttpHeaders.INSTANCE);
    try {
      if (!HttpPostRequestDecoder.isMultipart(request)) {
        return Optional.empty();
      }
      DefaultHttpDataFactory factory = new DefaultHttpDataFactory(false);
      factory.setMaxLimit(maxBytes);
      HttpPostRequestDecoder decoder;
      try {
        decoder = new HttpPostRequestDecoder(factory, request, StandardCharsets.UTF_8, MAX_FIELDS,
            MAX_BUFFERED_BYTES);
      } catch (DecoderException | IllegalArgumentException e) {
        if (e instanceof HttpPostRequestDecoder.ErrorDataDecoderException && e.getCause() instanceof IOException) {
          // Netty's in-memory data refuses content past the factory's limit with an IOException
          throw new ApiException("too_large", 413, "the audio file is larger than " + maxBytes + " bytes");
        }
        return Optional.empty(); // not a form we can read: for seed 002 that is "no audio file"
      }
      try {
        return audioPart(decoder.getBodyHttpDatas(FIELD));
      } finally {
        decoder.destroy();
      }
    } finally {
      request.release();
    }
  }

  private static Optional<Part> audioPart(List<InterfaceHttpData> parts) {
    if (parts == null) {
      return Optional.empty();
    }
    for (InterfaceHttpData data : parts) {
      if (data instanceof FileUpload file && file.length() > 0) {
        try {
          return Optional.of(new Part(file.get(), FileNames.escape(file.getFilename())));
        } catch (IOException e) {
          throw new IllegalStateException("an in-memory upload could not be read", e);
        }
      }
    }
    return Optional.empty();
  }
}
