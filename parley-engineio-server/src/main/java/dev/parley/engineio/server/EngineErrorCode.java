package dev.parley.engineio.server;

/**
 * The error codes of the reference server's HTTP 400/403 answers, sent as {@code {"code":n,"message":"…"}}.
 */
public enum EngineErrorCode {
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  UNKNOWN_SID(1, "Session ID unknown"),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  BAD_REQUEST(3, "Bad request"),
  FORBIDDEN(4, "Forbidden"),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  private final int code;
  private final String message;

  EngineErrorCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** 403 for {@link #FORBIDDEN}, 400 for every other code, as the reference answers. */
  public int httpStatus() {
    return this == FORBIDDEN ? 403 : 400;
  }
}
