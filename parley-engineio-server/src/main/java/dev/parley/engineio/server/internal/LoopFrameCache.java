package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.OutboundMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The direct-memory copy of the message an event loop is currently writing, shared by all of its recipients.
 *
 * <p>A socket write needs direct memory; a heap frame would be copied once per recipient. A broadcast's recipients
 * on one loop are written one after another, so the loop keeps one direct copy of the current message's frames and
 * hands each recipient a retained duplicate: one copy per loop instead of one per recipient. The copy is released
 * when another message comes or the loop iteration ends; writes in flight hold their own references.
 */
final class LoopFrameCache {
  private static final FastThreadLocal<LoopFrameCache> CURRENT = new FastThreadLocal<>() {
    @Override
    protected void onRemoval(LoopFrameCache value) {
      value.clear();
    }
  };

  private OutboundMessage message;
  private ByteBuf[] frames;
  private boolean releaseScheduled;
  private final Runnable release = this::endOfIteration;

  private LoopFrameCache() {}

  /**
   * Frame {@code i} of {@code message} as a retained direct buffer for one write; the caller hands it to the channel,
   * which releases it once written.
   */
  static ByteBuf frame(EventLoop loop, OutboundMessage message, int i, ByteBufAllocator alloc) {
    if (!loop.inEventLoop() || !(loop instanceof SingleThreadEventLoop single)) {
      return copy(message, i, alloc);
    }
    LoopFrameCache cache = CURRENT.get();
    if (cache == null) {
      cache = new LoopFrameCache();
      CURRENT.set(cache);
    }
    return cache.get(single, message, i, alloc);
  }

  private ByteBuf get(SingleThreadEventLoop loop, OutboundMessage m, int i, ByteBufAllocator alloc) {
    if (message != m) {
      clear();
      message = m;
      frames = new ByteBuf[m.frameCount()];
    }
    ByteBuf frame = frames[i];
    if (frame == null) {
      frame = copy(m, i, alloc);
      frames[i] = frame;
      if (!releaseScheduled) {
        releaseScheduled = true;
        loop.executeAfterEventLoopIteration(release);
      }
    }
    return frame.retainedDuplicate();
  }

  private static ByteBuf copy(OutboundMessage message, int i, ByteBufAllocator alloc) {
    byte[] array = message.frameArray(i);
    int offset = message.frameOffset(i);
    int length = array.length - offset;
    return alloc.directBuffer(length).writeBytes(array, offset, length);
  }

  private void endOfIteration() {
    releaseScheduled = false;
    clear();
  }

  private void clear() {
    if (frames != null) {
      for (ByteBuf frame : frames) {
        if (frame != null) {
          frame.release();
        }
      }
    }
    frames = null;
    message = null;
  }
}
