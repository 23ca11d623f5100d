package dev.parley.examroom.files;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Byte-level helpers for recognising a file by its first bytes. They exist so that every upload (recordings, seed
 * 002's audio, chat attachments) is judged the same way: by its magic number, never by a client's name or type, and
 * never when its header also carries markup (a polyglot a browser might render if the served type were ever lost).
 */
public final class Magic {
  /** How much of the start is searched for markup. */
  public static final int HEADER_SCAN = 1024;
  private static final List<String> MARKUP = List.of("<html", "<script", "<svg", "<!doctype", "<?xml", "<body",
      "<head", "<iframe", "<object", "<embed", "<meta");

  private Magic() {}

  /** Whether the first {@link #HEADER_SCAN} bytes contain an HTML, SVG or XML opening, in any letter case. */
  public static boolean containsMarkup(byte[] b) {
    String head = new String(b, 0, Math.min(b.length, HEADER_SCAN), StandardCharsets.ISO_8859_1)
        .toLowerCase(Locale.ROOT);
    return MARKUP.stream().anyMatch(head::contains);
  }

  /** Whether {@code b} holds {@code prefix} at {@code offset} (false when it is too short). */
  public static boolean startsWith(byte[] b, int offset, byte[] prefix) {
    if (offset < 0 || offset + prefix.length > b.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a magic string, one byte a character. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
