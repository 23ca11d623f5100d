package dev.parley.examroom.domain;

/** The session's state does not allow the command (pausing a completed test, starting one twice). */
public final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message, null, false, false);
  }
}
