package dev.parley.socketio.codec;

/**
 * The bounds the decoder enforces before any application code sees a packet.
 *
 * <p>Defaults follow the reference server ({@code maxAttachments} 10, {@code maxHttpBufferSize} 1 MB) and the
 * reliability catalogue (JSON nesting 64). Jackson enforces the JSON limits while parsing, so a hostile document is
 * rejected before it is built, and deep nesting never reaches the stack.
 *
 * <p>In a server these values are derived from the server's one limits object ({@code ServerOptions.limits()}, see
 * docs/security.md); the defaults here are the same numbers, for the codec used on its own.
 *
 * @param maxAttachments the most binary attachments one packet may declare
 * @param maxAttachmentBytes the most bytes of attachments one packet may carry in total
 * @param maxJsonDepth the deepest JSON nesting accepted
 * @param maxNumberLength the longest JSON number literal accepted, in characters
 */
public record CodecLimits(int maxAttachments, long maxAttachmentBytes, int maxJsonDepth, int maxNumberLength) {

  public static final int DEFAULT_MAX_ATTACHMENTS = 10;
  public static final long DEFAULT_MAX_ATTACHMENT_BYTES = 1_000_000;
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  public static final int DEFAULT_MAX_NUMBER_LENGTH = 400;

  public static final CodecLimits DEFAULTS = new CodecLimits(DEFAULT_MAX_ATTACHMENTS, DEFAULT_MAX_ATTACHMENT_BYTES,
      DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_NUMBER_LENGTH);

  public CodecLimits {
    if (maxAttachments < 0) {
      throw new IllegalArgumentException("maxAttachments must be >= 0");
    }
    if (maxAttachmentBytes < 0) {
      throw new IllegalArgumentException("maxAttachmentBytes must be >= 0");
    }
    if (maxJsonDepth < 1) {
      throw new IllegalArgumentException("maxJsonDepth must be >= 1");
    }
    if (maxNumberLength < 1) {
      throw new IllegalArgumentException("maxNumberLength must be >= 1");
    }
  }
}
