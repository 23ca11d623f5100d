package dev.parley.socketio.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for {@link ServerOptions.Builder#handlerExecutor}, for applications whose handlers block.
 *
 * <p>Parley's bytecode targets Java 17, where virtual threads do not exist, so
 * {@code Executors.newVirtualThreadPerTaskExecutor()} cannot be called directly; this looks it up at run time. On
 * JDK 21 and later each handler gets its own virtual thread (blocking is then cheap); on older JDKs the fallback is a
 * fixed pool of daemon platform threads, bounded so that a burst of blocked handlers cannot create threads without end.
 */
public final class HandlerExecutors {
  /** The platform threads of the fallback pool when the JDK has no virtual threads. */
  public static final int DEFAULT_FALLBACK_THREADS = 64;

  private HandlerExecutors() {}

  /** Virtual threads when the JDK has them, else {@value #DEFAULT_FALLBACK_THREADS} platform threads. */
  public static ExecutorService preferVirtualThreads() {
    return preferVirtualThreads(DEFAULT_FALLBACK_THREADS);
  }

  /** Virtual threads when the JDK has them, else a fixed pool of {@code fallbackThreads} platform threads. */
  public static ExecutorService preferVirtualThreads(int fallbackThreads) {
    if (fallbackThreads < 1) {
      throw new IllegalArgumentException("fallbackThreads must be at least 1, got " + fallbackThreads);
    }
    ExecutorService virtual = virtualThreadPerTask();
    return virtual != null ? virtual : Executors.newFixedThreadPool(fallbackThreads, platformThreads());
  }

  /** True when {@link #preferVirtualThreads()} gives virtual threads on this JDK. */
  public static boolean virtualThreadsAvailable() {
    return Runtime.version().feature() >= 21;
  }

  private static ExecutorService virtualThreadPerTask() {
    if (!virtualThreadsAvailable()) {
      return null;
    }
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("this JDK announces virtual threads but has no virtual thread executor", e);
    }
  }

  private static ThreadFactory platformThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "parley-handler-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
