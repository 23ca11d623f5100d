package dev.parley.examroom.chat.attachment;

import dev.parley.examroom.recording.AudioType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The allowlist of chat attachment types: images (PNG, JPEG, GIF, WebP), PDF, plain UTF-8 text, and the audio
 * formats recordings accept ({@link AudioType}). It exists so that the {@code Content-Type} we serve and the
 * extension we store under always come from our own detection ({@link ContentCheck}), never from a client; SVG and
 * HTML are deliberately absent (they run scripts).
 *
 * @param mimeType the {@code Content-Type} we serve
 * @param extension the stored and offered extension, with its dot
 */
public record AttachmentType(String mimeType, String extension) {
  public static final AttachmentType PNG = new AttachmentType("image/png", ".png");
  public static final AttachmentType JPEG = new AttachmentType("image/jpeg", ".jpg");
  public static final AttachmentType GIF = new AttachmentType("image/gif", ".gif");
  public static final AttachmentType WEBP = new AttachmentType("image/webp", ".webp");
  public static final AttachmentType PDF = new AttachmentType("application/pdf", ".pdf");
  public static final AttachmentType TEXT = new AttachmentType("text/plain; charset=utf-8", ".txt");

  /** Every allowed type. */
  public static final List<AttachmentType> ALL = Stream.concat(Stream.of(PNG, JPEG, GIF, WEBP, PDF, TEXT),
      Arrays.stream(AudioType.values()).map(AttachmentType::of)).toList();

  /** The audio type as an attachment type. */
  public static AttachmentType of(AudioType audio) {
    return new AttachmentType(audio.mimeType(), audio.extension());
  }

  /** The stored type back from its MIME name (only our own values are ever stored). */
  public static Optional<AttachmentType> fromMimeType(String mimeType) {
    return ALL.stream().filter(t -> t.mimeType.equals(mimeType)).findFirst();
  }

  /** The extensions, without dots, as a regular-expression alternation ({@code png|jpg|...}). */
  static String extensionPattern() {
    return ALL.stream().map(t -> t.extension.substring(1)).distinct().collect(Collectors.joining("|"));
  }

  /** Whether browsers show it as a picture (the UI may preview it). */
  public boolean isImage() {
    return mimeType.startsWith("image/");
  }
}
