package dev.parley.examroom.files;

import dev.parley.examroom.http.ApiResponse;
import java.nio.file.Path;

/**
 * The answer that serves a stored file: whole (200), one {@code Range} of it (206) or 416 when the range misses it,
 * always with the type we detected (never a client's), {@code X-Content-Type-Options: nosniff} and
 * {@code Content-Disposition: attachment}. It exists so that every download (recordings, chat attachments) carries
 * the same safety headers and seeks the same way.
 */
public final class FileDownload {
  private FileDownload() {}

  /**
   * The answer for a file.
   *
   * @param path the file
   * @param bytes how many of its bytes are served (the acknowledged length; the file may be longer)
   * @param contentType the type from our allowlist
   * @param disposition the {@code Content-Disposition} value
   * @param rangeHeader the request's {@code Range} header, or {@code null}
   */
  public static ApiResponse serve(Path path, long bytes, String contentType, String disposition,
      String rangeHeader) {
    ByteRange.Request wanted = ByteRange.parse(rangeHeader, bytes);
    ApiResponse response = switch (wanted.kind()) {
      case UNSATISFIABLE -> ApiResponse.error(416, "range_not_satisfiable", "the file has " + bytes + " bytes")
          .header("Content-Range", "bytes */" + bytes);
      case PARTIAL -> ApiResponse.file(206, contentType, new ApiResponse.FileBody(path, wanted.range().first(),
          wanted.range().length())).header("Content-Range", wanted.range().contentRange(bytes));
      case WHOLE -> ApiResponse.file(200, contentType, new ApiResponse.FileBody(path, 0, bytes));
    };
    return response.header("Accept-Ranges", "bytes")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Disposition", disposition);
  }
}
