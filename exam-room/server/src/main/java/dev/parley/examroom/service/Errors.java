package dev.parley.examroom.service;

import dev.parley.examroom.domain.ConflictException;
import dev.parley.examroom.storage.StorageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps any failure to the {@link ApiException} a client sees; unexpected ones are logged, never shown. */
public final class Errors {
  private static final Logger log = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static ApiException toApi(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof ConflictException conflict) {
      return ApiException.conflict(conflict.getMessage());
    }
    if (e instanceof IllegalArgumentException invalid) {
      return ApiException.invalid(invalid.getMessage());
    }
    if (e instanceof StorageException storage) {
      log.warn("storage failure: {}", storage.getMessage());
      return ApiException.unavailable("the database is unavailable; nothing was saved, please retry");
    }
    log.error("unexpected failure", e);
    return new ApiException("internal", 500, "unexpected server error");
  }
}
