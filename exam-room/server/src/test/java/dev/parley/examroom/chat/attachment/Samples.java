package dev.parley.examroom.chat.attachment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Files as uploads start: each allowed type by its real header, and the disguises the allowlist must refuse. */
public final class Samples {
  private Samples() {}

  /** A PNG signature and IHDR chunk, then {@code payload} random bytes. */
  public static byte[] png(int payload) {
    return concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
        0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0}, random(payload, 1));
  }

  public static byte[] jpeg(int payload) {
    return concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0},
        random(payload, 2));
  }

  public static byte[] gif(int payload) {
    return concat(ascii("GIF89a"), new byte[] {16, 0, 16, 0, 0, 0, 0}, random(payload, 3));
  }

  public static byte[] webp(int payload) {
    return concat(ascii("RIFF"), new byte[] {36, 0, 0, 0}, ascii("WEBPVP8 "), random(payload, 4));
  }

  public static byte[] pdf(int payload) {
    return concat(ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"), random(payload, 5));
  }

  /** A Windows executable (what a renamed {@code .png} may really be). */
  public static byte[] exe() {
    return concat(ascii("MZ\u0090\u0000\u0003\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u00ff\u00ff"),
        ascii("This program cannot be run in DOS mode.\r\r\n$"), random(2000, 6));
  }

  public static byte[] html() {
    return utf8("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
  }

  public static byte[] svg() {
    return utf8("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><circle r=\"4\"/></svg>");
  }

  public static byte[] text(String s) {
    return utf8(s);
  }

  public static byte[] random(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
