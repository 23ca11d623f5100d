package dev.parley.examroom.files;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} request (RFC 9110, section 14), resolved against a length. It exists
 * so that playback can seek: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n} are served as 206; a header
 * we do not understand (another unit, several ranges, bad syntax) is ignored and the whole file is sent, as the RFC
 * allows; a well-formed range that misses the file is unsatisfiable (416).
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
public record ByteRange(long first, long last) {
  /** A satisfiable range of this form, with at most 18 digits per number so nothing overflows. */
  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /** What a {@code Range} header asks for. */
  public enum Kind { WHOLE, PARTIAL, UNSATISFIABLE }

  /**
   * The answer to a {@code Range} header.
   *
   * @param kind whether to send everything, a part, or 416
   * @param range the part, for {@link Kind#PARTIAL}
   */
  public record Request(Kind kind, ByteRange range) {}

  private static final Request WHOLE = new Request(Kind.WHOLE, null);
  private static final Request UNSATISFIABLE = new Request(Kind.UNSATISFIABLE, null);

  public long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of this range of a file of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** Resolves a {@code Range} header (or {@code null}) against a file of {@code size} bytes. */
  public static Request parse(String header, long size) {
    if (header == null) {
      return WHOLE;
    }
    Matcher m = SINGLE.matcher(header.replace(" ", ""));
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      return WHOLE;
    }
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0 || size == 0) {
        return UNSATISFIABLE;
      }
      return partial(Math.max(0, size - suffix), size - 1);
    }
    long first = Long.parseLong(m.group(1));
    if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
      return WHOLE;
    }
    if (first >= size) {
      return UNSATISFIABLE;
    }
    long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
    return partial(first, last);
  }

  private static Request partial(long first, long last) {
    return new Request(Kind.PARTIAL, new ByteRange(first, last));
  }
}
