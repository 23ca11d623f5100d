package dev.parley.examroom.chat.attachment;

import static dev.parley.examroom.files.Magic.ascii;
import static dev.parley.examroom.files.Magic.startsWith;

import dev.parley.examroom.files.Magic;
import dev.parley.examroom.recording.AudioSniffer;
import dev.parley.examroom.service.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides an upload's {@link AttachmentType} from its bytes as they stream in, never from the client's name or
 * {@code Content-Type}. It exists so that a disguised file (an executable named {@code .png}, a page named
 * {@code .txt}) is refused with 415 as early as its first bytes allow. Binary types are recognised by their magic
 * number in the first {@link #HEAD} bytes; anything else must be plain text all the way through: valid UTF-8 with no
 * control characters but tab, line feed, form feed and carriage return, not starting with a tag, and no HTML, SVG or
 * XML opening in its header. One instance checks one upload, on one thread at a time.
 */
final class ContentCheck {
  /** How many bytes are gathered before the type is decided. */
  static final int HEAD = 4096;
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private AttachmentType type;
  private CharsetDecoder text;
  private final CharBuffer decoded = CharBuffer.allocate(8192);
  private ByteBuffer pending = ByteBuffer.allocate(0);
  private long length;

  /** Takes the next piece; throws 415 as soon as the content cannot be one of the allowed types. */
  void accept(byte[] piece) {
    length += piece.length;
    if (type != null && text == null) {
      return;
    }
    if (text != null) {
      decode(piece, false);
      return;
    }
    head.writeBytes(piece);
    if (head.size() >= HEAD) {
      decide();
    }
  }

  /** The type, once the whole body was seen; throws 415 when it is not allowed, 400 when it is empty. */
  AttachmentType finish() {
    if (length == 0) {
      throw ApiException.invalid("the file is empty");
    }
    if (type == null) {
      decide();
    }
    if (text != null) {
      decode(new byte[0], true);
    }
    return type;
  }

  private void decide() {
    byte[] bytes = head.toByteArray();
    Optional<AttachmentType> binary = binaryType(bytes);
    if (binary.isPresent()) {
      type = binary.get();
      return;
    }
    if (Magic.containsMarkup(bytes) || startsWithTag(bytes)) {
      throw unsupported();
    }
    type = AttachmentType.TEXT;
    text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    decode(bytes, false);
  }

  /** An image, a PDF or audio recognised by its magic number, unless its header also carries markup. */
  static Optional<AttachmentType> binaryType(byte[] b) {
    if (b.length < 8 || Magic.containsMarkup(b)) {
      return Optional.empty();
    }
    if (startsWith(b, 0, PNG) && startsWith(b, 12, ascii("IHDR"))) {
      return Optional.of(AttachmentType.PNG);
    }
    if (startsWith(b, 0, JPEG)) {
      return Optional.of(AttachmentType.JPEG);
    }
    if (startsWith(b, 0, ascii("GIF87a")) || startsWith(b, 0, ascii("GIF89a"))) {
      return Optional.of(AttachmentType.GIF);
    }
    if (startsWith(b, 0, ascii("RIFF")) && startsWith(b, 8, ascii("WEBPVP8"))) {
      return Optional.of(AttachmentType.WEBP);
    }
    if (startsWith(b, 0, ascii("%PDF-")) && Character.isDigit(b[5])) {
      return Optional.of(AttachmentType.PDF);
    }
    return AudioSniffer.detect(b).map(AttachmentType::of);
  }

  /** Text whose first visible character opens a tag is markup (an HTML fragment), not a note. */
  private static boolean startsWithTag(byte[] b) {
    int i = startsWith(b, 0, UTF8_BOM) ? UTF8_BOM.length : 0;
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n' || b[i] == '\f')) {
      i++;
    }
    return i < b.length && b[i] == '<';
  }

  /** Feeds bytes to the UTF-8 decoder (a sequence cut between pieces waits for the next one) and checks the text. */
  private void decode(byte[] piece, boolean end) {
    ByteBuffer in = ByteBuffer.allocate(pending.remaining() + piece.length).put(pending).put(piece).flip();
    while (true) {
      CoderResult result = text.decode(in, decoded, end);
      if (result.isError()) {
        throw unsupported();
      }
      checkCharacters();
      if (result.isUnderflow()) {
        break;
      }
    }
    if (end) {
      if (text.flush(decoded).isError()) {
        throw unsupported();
      }
      checkCharacters();
    }
    pending = in.slice();
  }

  private void checkCharacters() {
    decoded.flip();
    while (decoded.hasRemaining()) {
      char c = decoded.get();
      boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' || c >= 0x7F && c < 0xA0;
      if (control) {
        throw unsupported();
      }
    }
    decoded.clear();
  }

  private static ApiException unsupported() {
    return new ApiException("unsupported_media_type", 415, "attachments may be PNG, JPEG, GIF or WebP images, PDF, "
        + "plain UTF-8 text, or WebM, Ogg, WAV, MP3, FLAC or MP4 audio");
  }
}
