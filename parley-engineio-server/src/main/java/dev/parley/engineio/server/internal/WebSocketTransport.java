package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.codec.EnginePacketCodec;
import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket transport of one session: one Engine.IO packet per frame, binary messages as binary frames.
 *
 * <p>Writes happen on the session's loop; they are flushed once per loop iteration through {@link LoopFlusher}.
 * Outbound bytes are bounded (catalogue E1, E3): the only queue is Netty's outbound buffer, whose water marks make
 * the channel unwritable past 64 KiB; then volatile messages are dropped (and counted), never queued, and a client
 * whose queue would pass {@code outboundQueueMaxBytes} is cut as a slow consumer. A close the client does not read
 * cannot hold the connection either: it is forced after {@link #CLOSE_GRACE_MILLIS}.
 */
public final class WebSocketTransport implements Transport, LoopFlusher.Flushable, WebSocketFrameHandler.Listener {
  /** How long a close frame may take to reach a client before the TCP connection is closed without it. */
  static final long CLOSE_GRACE_MILLIS = 2000;

  private final Channel channel;
  private final long maxQueuedBytes;
  private EngineSession session;
  private boolean flushQueued;
  private boolean closed;

  WebSocketTransport(Channel channel, long maxQueuedBytes) {
    this.channel = channel;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  void attach(EngineSession session) {
    this.session = session;
  }

  @Override
  public TransportName name() {
    return TransportName.WEBSOCKET;
  }

  @Override
  public void send(EnginePacket packet) {
    if (packet.isBinary()) {
      write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet.binary())), packet.binary().length, false);
    } else {
      String text = EnginePacketCodec.encodeText(packet);
      ByteBuf buf = ByteBufUtil.writeUtf8(channel.alloc(), text);
      write(new TextWebSocketFrame(buf), buf.readableBytes(), false);
    }
  }

  @Override
  public void send(OutboundMessage message, boolean dropIfBusy) {
    if (!admit(message.byteSize(), dropIfBusy)) {
      return;
    }
    for (int i = 0; i < message.frameCount(); i++) {
      // the frames are complete (header included) and identical for every recipient: they bypass the frame encoder,
      // and the recipients of one loop share one direct copy
      channel.write(LoopFrameCache.frame(session.loop(), message, i, channel.alloc()), channel.voidPromise());
    }
    afterWrite();
  }

  private void write(Object frame, long size, boolean dropIfBusy) {
    if (!admit(size, dropIfBusy)) {
      io.netty.util.ReferenceCountUtil.release(frame);
      return;
    }
    channel.write(frame, channel.voidPromise());
    afterWrite();
  }

  private boolean admit(long size, boolean dropIfBusy) {
    if (closed) {
      return false;
    }
    if (channel.isWritable()) {
      return true;
    }
    if (dropIfBusy) {
      session.packetDropped();
      return false;
    }
    long pending = queuedBytes();
    if (pending + size > maxQueuedBytes) {
      session.onError(CloseReason.SLOW_CONSUMER, pending + " bytes queued");
      return false;
    }
    return true;
  }

  /** The bytes written to the channel and not yet taken by the socket. */
  long queuedBytes() {
    ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  private void afterWrite() {
    if (!channel.isWritable()) {
      // past the high water mark: try the socket now rather than at the end of the iteration
      channel.flush();
      return;
    }
    if (!flushQueued) {
      flushQueued = true;
      // Scheduled on the session's loop, where the writes are issued: after an upgrade the channel may live on
      // another loop, and a flush run there could overtake writes still queued from this one.
      LoopFlusher.schedule(session.loop(), this);
    }
  }

  /** Flushes; on the session's loop, so the flush is ordered after every write this loop issued. */
  @Override
  public void flushNow() {
    flushQueued = false;
    channel.flush();
  }

  @Override
  public void close(boolean gracefully) {
    if (closed) {
      return;
    }
    closed = true;
    sendClose(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
  }

  /** Closes with a specific status, for policy violations. */
  void close(WebSocketCloseStatus status) {
    if (closed) {
      return;
    }
    closed = true;
    sendClose(new CloseWebSocketFrame(status));
  }

  @Override
  public void abort(CloseReason reason) {
    if (closed) {
      return;
    }
    if (reason == CloseReason.SLOW_CONSUMER) {
      // the close frame would wait behind the bytes the client is not reading: the TCP close is the message, and
      // closing now frees the queue at once
      closed = true;
      channel.write(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, reason.description()));
      channel.close();
    } else if (reason == CloseReason.POLICY_VIOLATION) {
      closed = true;
      sendCloseAndLinger(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, reason.description()));
    } else {
      close(false);
    }
  }

  /**
   * Sends the close frame to a client that is still sending (a flood): closing at once would make the kernel answer
   * its next bytes with a reset, and a reset makes the client's kernel drop what it has not read yet, the close frame
   * included. So the output is shut after the frame and the client's own close (or the grace) ends the connection.
   */
  private void sendCloseAndLinger(CloseWebSocketFrame frame) {
    channel.writeAndFlush(frame).addListener(f -> {
      if (f.isSuccess() && channel instanceof DuplexChannel duplex) {
        duplex.shutdownOutput();
      } else {
        channel.close();
      }
    });
    channel.eventLoop().schedule(() -> {
      channel.close();
    }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sendClose(CloseWebSocketFrame frame) {
    ChannelFuture written = channel.writeAndFlush(frame);
    written.addListener(ChannelFutureListener.CLOSE);
    if (!written.isDone()) {
      // a client that does not read would keep the connection, and what is queued for it, for ever
      ScheduledFuture<?> force = channel.eventLoop().schedule(() -> {
        channel.close();
      }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      written.addListener(f -> force.cancel(false));
    }
  }

  // ---- inbound, on the channel's loop: hand over to the session's loop ----

  @Override
  public void onText(String text) {
    EngineSession s = session;
    if (s.loop().inEventLoop()) {
      dispatchText(s, text);
    } else {
      s.loop().execute(() -> dispatchText(s, text));
    }
  }

  private void dispatchText(EngineSession s, String text) {
    if (s.currentTransport() == this) {
      s.onTextPacket(text);
    } else {
      s.onUpgradePacket(this, text);
    }
  }

  @Override
  public void onBinary(byte[] data) {
    EngineSession s = session;
    Runnable task = () -> {
      if (s.currentTransport() == this) {
        s.onBinaryMessage(data);
      } else {
        s.onUpgradePacket(this, "binary");
      }
    };
    if (s.loop().inEventLoop()) {
      task.run();
    } else {
      s.loop().execute(task);
    }
  }

  @Override
  public void onClosed(String detail) {
    closed = true;
    EngineSession s = session;
    if (s == null) {
      return;
    }
    Runnable task = () -> s.onTransportClosed(this, CloseReason.TRANSPORT_CLOSE, detail);
    if (s.loop().inEventLoop()) {
      task.run();
    } else {
      s.loop().execute(task);
    }
  }

  @Override
  public void onProtocolError(String detail) {
    // The frame handler sends the close frame with the violation's status (1009, 1002) and closes the channel. Without
    // this, the session's close below wrote its own 1000 close frame first, and the peer saw 1000 instead of 1009.
    closed = true;
    EngineSession s = session;
    if (s == null) {
      return;
    }
    Runnable task = () -> {
      if (s.currentTransport() == this) {
        s.onError(CloseReason.TRANSPORT_ERROR, detail);
      } else {
        s.onTransportClosed(this, CloseReason.TRANSPORT_ERROR, detail);
      }
    };
    if (s.loop().inEventLoop()) {
      task.run();
    } else {
      s.loop().execute(task);
    }
  }
}
