package dev.parley.examroom.recording;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The allowlist of stored audio formats. It exists so that the {@code Content-Type} we serve and the extension we
 * store under always come from our own detection ({@link AudioSniffer}), never from what a client claimed.
 */
public enum AudioType {
  WEBM("audio/webm", ".webm", Set.of("audio/webm")),
  OGG("audio/ogg", ".ogg", Set.of("audio/ogg", "audio/opus")),
  WAV("audio/wav", ".wav", Set.of("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave")),
  MP3("audio/mpeg", ".mp3", Set.of("audio/mpeg", "audio/mp3")),
  FLAC("audio/flac", ".flac", Set.of("audio/flac", "audio/x-flac")),
  MP4("audio/mp4", ".m4a", Set.of("audio/mp4", "audio/x-m4a", "audio/aac"));

  private final String mimeType;
  private final String extension;
  private final Set<String> declaredNames;

  AudioType(String mimeType, String extension, Set<String> declaredNames) {
    this.mimeType = mimeType;
    this.extension = extension;
    this.declaredNames = declaredNames;
  }

  /** The {@code Content-Type} we serve. */
  public String mimeType() {
    return mimeType;
  }

  /** The file extension, with its dot. */
  public String extension() {
    return extension;
  }

  /** The stored type back from its MIME name (only our own values are ever stored). */
  public static Optional<AudioType> fromMimeType(String mimeType) {
    return Arrays.stream(values()).filter(t -> t.mimeType.equals(mimeType)).findFirst();
  }

  /**
   * Whether a client's {@code Content-Type} (parameters such as {@code ;codecs=opus} allowed) names an audio type we
   * accept at all. It is only a gate: what is stored is decided by the bytes.
   */
  public static boolean isAcceptableDeclaration(String contentType) {
    if (contentType == null) {
      return false;
    }
    String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).anyMatch(t -> t.declaredNames.contains(base));
  }
}
