package dev.parley.examroom.files;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What may be done with a client's file name: keep it escaped, as metadata to show, and offer it back in a
 * {@code Content-Disposition} header. It exists because a file name is hostile input (path separators, control and
 * bidirectional characters, quotes that break a header): no file is ever named after one, and every place that
 * shows or sends one goes through here.
 */
public final class FileNames {
  /** The longest original name kept, in code points. */
  public static final int MAX_NAME = 255;
  /** The longest ASCII fallback name of a download. */
  private static final int MAX_FALLBACK = 100;
  private static final Pattern UNSAFE_ASCII = Pattern.compile("[^A-Za-z0-9._-]");

  private FileNames() {}

  /**
   * The client's file name made safe to keep and show: control, format (such as the right-to-left override),
   * separator, surrogate and unassigned characters and the backslash are written as {@code \\uXXXX} escapes, and
   * the name is cut at {@link #MAX_NAME} code points. It is metadata only: no file is ever named after it.
   */
  public static String escape(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int count = 0;
    for (int i = 0; i < name.length() && count < MAX_NAME; count++) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      out.append(isPlain(cp) ? new String(Character.toChars(cp)) : String.format("\\u%04x", cp));
    }
    if (count == MAX_NAME && name.codePointCount(0, name.length()) > MAX_NAME) {
      out.append('\u2026');
    }
    return out.toString();
  }

  private static boolean isPlain(int cp) {
    if (cp == '\\' || Character.isISOControl(cp)) {
      return false;
    }
    int type = Character.getType(cp);
    return type != Character.FORMAT && type != Character.SURROGATE && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * {@code Content-Disposition: attachment} for {@code name} (RFC 6266): an ASCII {@code filename} where anything but
   * letters, digits, dot, dash and underscore is {@code _} (for old clients), and the exact name as
   * {@code filename*=UTF-8''...} percent-encoded (RFC 8187), so neither form can break out of the header.
   *
   * @param name the name to offer (already {@link #escape escaped}, or server-made)
   * @param extension the extension the served type has, with its dot: the fallback always ends with it
   */
  public static String attachmentDisposition(String name, String extension) {
    String base = name == null || name.isBlank() ? "download" : name;
    String ascii = UNSAFE_ASCII.matcher(base).replaceAll("_");
    if (!ascii.toLowerCase(Locale.ROOT).endsWith(extension)) {
      ascii = ascii + extension;
    }
    if (ascii.length() > MAX_FALLBACK) {
      ascii = ascii.substring(0, MAX_FALLBACK - extension.length()) + extension;
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncode(base);
  }

  /** RFC 8187's {@code value-chars}: attr-chars as they are, every other UTF-8 byte as {@code %XX}. */
  static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
