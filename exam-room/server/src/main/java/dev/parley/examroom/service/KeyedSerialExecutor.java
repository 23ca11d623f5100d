package dev.parley.examroom.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs the tasks of one key (a session id) one after another, in submission order, while tasks of different keys
 * run in parallel. It exists so that two commands on one session (an examiner's pause and the clock's part end) are
 * applied one at a time, each seeing the other's result.
 */
public final class KeyedSerialExecutor {
  private final Executor executor;
  private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

  public KeyedSerialExecutor(Executor executor) {
    this.executor = executor;
  }

  public <T> CompletableFuture<T> submit(String key, Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<?> tail = tails.compute(key, (k, previous) -> {
      CompletableFuture<?> before = previous == null ? CompletableFuture.completedFuture(null) : previous;
      return before.handleAsync((v, e) -> {
        try {
          result.complete(task.get());
        } catch (RuntimeException ex) {
          result.completeExceptionally(ex);
        }
        return null;
      }, executor);
    });
    tail.whenComplete((v, e) -> tails.remove(key, tail));
    return result;
  }
}
