package dev.parley.examroom.service;

/**
 * A refused request, with the error code both the REST API ({@code {error, message}} with {@link #status()}) and
 * socket acknowledgements ({@code {ok: false, error, message}}) send.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final int status;

  public ApiException(String code, int status, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
  }

  public static ApiException forbidden(String message) {
    return new ApiException("forbidden", 403, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException("not_found", 404, message);
  }

  public static ApiException invalid(String message) {
    return new ApiException("invalid", 400, message);
  }

  public static ApiException conflict(String message) {
    return new ApiException("conflict", 409, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException("unauthorized", 401, message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException("unavailable", 503, message);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }
}
