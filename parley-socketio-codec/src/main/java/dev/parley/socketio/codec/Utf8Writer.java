package dev.parley.socketio.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Encodes characters to UTF-8 straight into an output stream, as {@code String.getBytes(UTF_8)} would: a surrogate
 * pair becomes its four bytes and a lone surrogate becomes {@code ?}.
 *
 * <p>It exists because Jackson's own UTF-8 generator escapes every character outside the BMP as two {@code \\u}
 * escapes (or, with {@code COMBINE_UNICODE_SURROGATES_IN_UTF8}, merges a lone surrogate with the character after it),
 * while JSON.stringify, and Parley before it wrote bytes directly, send an emoji as its four bytes. Jackson's
 * character generator writing into this keeps the output byte for byte what the {@code String} path wrote.
 */
final class Utf8Writer extends Writer {
  private final OutputStream out;
  private final byte[] buffer = new byte[1024];
  private int position;
  private char pendingHighSurrogate;

  Utf8Writer(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(char[] chars, int offset, int length) throws IOException {
    for (int i = offset, end = offset + length; i < end; i++) {
      writeChar(chars[i]);
    }
  }

  @Override
  public void write(String str, int offset, int length) throws IOException {
    for (int i = offset, end = offset + length; i < end; i++) {
      writeChar(str.charAt(i));
    }
  }

  @Override
  public void write(int c) throws IOException {
    writeChar((char) c);
  }

  private void writeChar(char c) throws IOException {
    if (position > buffer.length - 4) {
      drain();
    }
    if (pendingHighSurrogate != 0) {
      char high = pendingHighSurrogate;
      pendingHighSurrogate = 0;
      if (Character.isLowSurrogate(c)) {
        int cp = Character.toCodePoint(high, c);
        buffer[position++] = (byte) (0xF0 | (cp >> 18));
        buffer[position++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buffer[position++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buffer[position++] = (byte) (0x80 | (cp & 0x3F));
        return;
      }
      buffer[position++] = '?';
      writeChar(c);
      return;
    }
    if (c < 0x80) {
      buffer[position++] = (byte) c;
    } else if (c < 0x800) {
      buffer[position++] = (byte) (0xC0 | (c >> 6));
      buffer[position++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)) {
      pendingHighSurrogate = c;
    } else if (Character.isLowSurrogate(c)) {
      buffer[position++] = '?';
    } else {
      buffer[position++] = (byte) (0xE0 | (c >> 12));
      buffer[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buffer[position++] = (byte) (0x80 | (c & 0x3F));
    }
  }

  private void drain() throws IOException {
    out.write(buffer, 0, position);
    position = 0;
  }

  /** Writes out what is buffered; a high surrogate left at the very end is a lone one. */
  @Override
  public void flush() throws IOException {
    if (pendingHighSurrogate != 0) {
      pendingHighSurrogate = 0;
      if (position > buffer.length - 1) {
        drain();
      }
      buffer[position++] = '?';
    }
    drain();
    out.flush();
  }

  /** Flushes; the stream is the caller's and stays open. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
