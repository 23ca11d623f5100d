package dev.parley.benchmarks.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.collection.LongObjectHashMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One generated Socket.IO client on namespace {@code /}: the Engine.IO state machine shared by both transports.
 *
 * <p>After the Engine.IO open packet it sends {@code 40} and is connected once {@code 40{"sid":...}} arrives. Pings
 * ({@code 2}) are answered with pongs ({@code 3}) at once. Acknowledgements are matched to callbacks here; every
 * other Socket.IO packet goes to the {@link SessionListener}. All methods except {@link #close()} and
 * {@link #execute(Runnable)} must be called on {@link #eventLoop()}.
 */
public abstract class Session {
  private static final IOException CLOSED = new IOException("session closed");

  private final int index;
  private final SessionListener listener;
  private final LongObjectHashMap<AckCallback> acks = new LongObjectHashMap<>(4);
  private final CompletableFuture<Session> connected = new CompletableFuture<>();
  private long nextAckId;
  private volatile boolean closed;
  private Object attachment;

  protected Session(int index, SessionListener listener) {
    this.index = index;
    this.listener = listener;
  }

  /** Starts connecting: the returned future is {@link #connectedFuture()}. */
  public abstract CompletableFuture<Session> start(Bootstrap bootstrap, Target target);

  /** The event loop of this session's channel(s); valid once {@link #start} returned. */
  public abstract EventLoop eventLoop();

  /** Queues one Engine.IO packet in its text form (e.g. {@code 42["bench",{}]}). */
  protected abstract void writeEngine(String packet);

  /** Sends what {@link #writeEngine} queued. */
  public abstract void flush();

  /** Closes the connection(s); safe from any thread. */
  public abstract void close();

  public int index() {
    return index;
  }

  public boolean isClosed() {
    return closed;
  }

  public CompletableFuture<Session> connectedFuture() {
    return connected;
  }

  @SuppressWarnings("unchecked")
  public <T> T attachment() {
    return (T) attachment;
  }

  public void attach(Object value) {
    this.attachment = value;
  }

  /** Runs a task on this session's event loop. */
  public void execute(Runnable task) {
    eventLoop().execute(task);
  }

  /** Emits {@code 42<array>} without an ack and without flushing. */
  public void emit(String arrayJson) {
    writeEngine("42" + arrayJson);
  }

  /** Emits {@code 42<id><array>} and flushes; {@code callback} runs when {@code 43<id>...} arrives. */
  public void emitWithAck(String arrayJson, AckCallback callback) {
    long id = nextAckId++;
    acks.put(id, callback);
    writeEngine("42" + id + arrayJson);
    flush();
  }

  /** Handles one Engine.IO packet (text). Called by the transports. */
  protected final void onEnginePacket(ByteBuf packet) {
    if (!packet.isReadable()) {
      return;
    }
    byte type = packet.getByte(packet.readerIndex());
    switch (type) {
      case '0' -> {
        onOpen(packet.toString(StandardCharsets.UTF_8));
        writeEngine("40");
        flush();
      }
      case '2' -> {
        writeEngine("3");
        flush();
      }
      case '4' -> onSocketPacket(packet.slice(packet.readerIndex() + 1, packet.readableBytes() - 1));
      case '1' -> close();
      default -> {
        // pong (3), upgrade (5), noop (6): nothing to do
      }
    }
  }

  /** Hook for the transport: the Engine.IO open packet, e.g. to take the polling session id from it. */
  protected void onOpen(String openPacket) {
    // nothing by default
  }

  private void onSocketPacket(ByteBuf packet) {
    if (!packet.isReadable()) {
      return;
    }
    byte type = packet.getByte(packet.readerIndex());
    switch (type) {
      case '0' -> connected.complete(this);
      case '3' -> {
        long id = Packets.ackId(packet);
        AckCallback cb = id < 0 ? null : acks.remove(id);
        if (cb != null) {
          int from = Packets.afterAckId(packet);
          cb.onAck(this, packet.slice(from, packet.writerIndex() - from));
        }
      }
      case '4' -> {
        connected.completeExceptionally(new IOException("connect_error: " + packet.toString(StandardCharsets.UTF_8)));
        close();
      }
      default -> listener.onPacket(this, packet);
    }
  }

  /** Called by the transports once, when the connection is gone. */
  protected final void onClosed(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    connected.completeExceptionally(cause == null ? CLOSED : cause);
    acks.clear();
    listener.onClosed(this, cause);
  }
}
