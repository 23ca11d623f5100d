package dev.parley.engineio.server.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;

/**
 * Flushes once per event-loop iteration instead of once per write.
 *
 * <p>A broadcast writes to hundreds of channels of the same loop, and several broadcasts may run in one iteration;
 * a flush is a system call, so the writes only mark their transport dirty and one task, run after the iteration's
 * I/O and tasks, flushes each dirty transport once. Loops without tail tasks (embedded test channels) flush at once.
 */
public final class LoopFlusher {

  /** Something with buffered writes to flush. */
  public interface Flushable {
    /** Writes out what was buffered; called on the flusher's loop. */
    void flushNow();
  }

  private static final FastThreadLocal<LoopFlusher> CURRENT = new FastThreadLocal<>();

  private final ArrayList<Flushable> dirty = new ArrayList<>();
  private final SingleThreadEventLoop loop;
  private final Runnable flushAll = this::flushAll;
  private boolean scheduled;

  private LoopFlusher(SingleThreadEventLoop loop) {
    this.loop = loop;
  }

  /**
   * Flushes {@code target} at the end of this iteration of {@code loop}.
   *
   * @param loop the loop the caller runs on
   * @param target what to flush; it tracks whether it is already queued, so it is added once per iteration
   */
  public static void schedule(EventLoop loop, Flushable target) {
    if (!(loop instanceof SingleThreadEventLoop single) || !loop.inEventLoop()) {
      loop.execute(target::flushNow);
      return;
    }
    LoopFlusher flusher = CURRENT.get();
    if (flusher == null || flusher.loop != single) {
      flusher = new LoopFlusher(single);
      CURRENT.set(flusher);
    }
    flusher.add(target);
  }

  private void add(Flushable target) {
    dirty.add(target);
    if (!scheduled) {
      scheduled = true;
      loop.executeAfterEventLoopIteration(flushAll);
    }
  }

  private void flushAll() {
    scheduled = false;
    // flushNow may schedule again (a flush that frees space lets a handler write more), so iterate by index
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flushNow();
    }
    dirty.clear();
  }
}
