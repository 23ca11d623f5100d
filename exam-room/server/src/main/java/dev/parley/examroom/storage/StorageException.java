package dev.parley.examroom.storage;

/**
 * The database could not do what was asked (down, busy past its timeout, read-only, full). Callers answer
 * {@code unavailable}: nothing was stored, and the client may retry.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
