package dev.parley.engineio.server.internal;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.codec.EnginePacketCodec;
import dev.parley.engineio.codec.EngineProtocolException;
import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.EngineSocket;
import dev.parley.engineio.server.EngineSocketHandler;
import dev.parley.engineio.server.HandshakeRequest;
import dev.parley.engineio.server.OutboundMessage;
import dev.parley.engineio.server.TransportName;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session: its state, heartbeat, upgrade and transports.
 *
 * <p>Every field is confined to {@link #loop}, the event loop of the channel that made the handshake; public
 * methods hop to it when called from elsewhere. Timers are scheduled on that loop too, so no lock and no shared
 * scheduler are involved, and each timer is cancelled by the future it returns.
 */
public final class EngineSession implements EngineSocket {
  private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

  enum ReadyState { OPEN, CLOSING, CLOSED }

  private final DefaultEngineServer server;
  private final String id;
  private final EventLoop loop;
  private final HandshakeRequest request;
  private final EngineOptions options;
  private final ConnectionsPerAddress.Permit permit;

  private ReadyState state = ReadyState.OPEN;
  private CloseReason closingReason = CloseReason.FORCED_CLOSE;
  private Transport transport;
  private WebSocketTransport upgrading;
  private boolean probeAnswered;
  private ScheduledFuture<?> upgradeTimer;
  private ScheduledFuture<?> pingTimer;
  private ScheduledFuture<?> pingTimeoutTimer;
  private EngineSocketHandler handler = EngineSocketHandler.NOOP;
  private volatile TransportName transportName;
  private volatile boolean open = true;
  private long droppedPackets;
  /** Set when the server closes the session because the client passed a limit; logged as abnormal. */
  private String limitDetail;

  EngineSession(DefaultEngineServer server, String id, EventLoop loop, HandshakeRequest request,
      ConnectionsPerAddress.Permit permit) {
    this.server = server;
    this.id = id;
    this.loop = loop;
    this.request = request;
    this.options = server.options();
    this.permit = permit;
  }

  /** Starts the session on {@code initial}; called on the loop, before the open packet is written. */
  void start(Transport initial) {
    transport = initial;
    transportName = initial.name();
    // The suites poll at exactly pingInterval + pingTimeout after the handshake: start the clock before writing it.
    schedulePing();
  }

  EventLoop loop() {
    return loop;
  }

  EngineOptions options() {
    return options;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public TransportName transport() {
    return transportName;
  }

  @Override
  public HandshakeRequest request() {
    return request;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public Executor executor() {
    return loop;
  }

  @Override
  public boolean inExecutor() {
    return loop.inEventLoop();
  }

  @Override
  public void setHandler(EngineSocketHandler handler) {
    runOnLoop(() -> this.handler = handler == null ? EngineSocketHandler.NOOP : handler);
  }

  @Override
  public void send(String text) {
    EnginePacket packet = EnginePacket.message(text);
    runOnLoop(() -> sendPacket(packet));
  }

  @Override
  public void send(byte[] data) {
    EnginePacket packet = EnginePacket.binary(data);
    runOnLoop(() -> sendPacket(packet));
  }

  @Override
  public void send(OutboundMessage message, boolean dropIfBusy) {
    if (loop.inEventLoop()) {
      sendMessage(message, dropIfBusy);
    } else {
      loop.execute(() -> sendMessage(message, dropIfBusy));
    }
  }

  /** Sends on the loop; for dispatchers already running there. */
  public void sendMessage(OutboundMessage message, boolean dropIfBusy) {
    if (state == ReadyState.OPEN) {
      transport.send(message, dropIfBusy);
    }
  }

  @Override
  public void close() {
    runOnLoop(() -> closeGracefully(CloseReason.FORCED_CLOSE));
  }

  /**
   * Closes the session gracefully, as {@link #close()}, because the client passed a limit of the layer above (such as
   * joining no namespace within {@code connectTimeout}); the close is logged as abnormal, with {@code detail}.
   */
  public void closeOverLimit(String detail) {
    runOnLoop(() -> {
      if (state == ReadyState.OPEN) {
        limitDetail = detail;
        closeGracefully(CloseReason.FORCED_CLOSE);
      }
    });
  }

  /**
   * Closes the session at once because of an error the layer above found (a Socket.IO parse error), with that
   * reason; safe from any thread.
   */
  public void closeWithError(CloseReason reason, String detail) {
    runOnLoop(() -> onError(reason, detail));
  }

  /** The session's event loop, for the layer above to schedule its own per-connection timers. */
  public EventLoop eventLoop() {
    return loop;
  }

  /** Closes because the server is shutting down, letting queued packets and the close packet go out first. */
  void shutdown() {
    runOnLoop(() -> closeGracefully(CloseReason.SERVER_SHUTTING_DOWN));
  }

  private void runOnLoop(Runnable task) {
    if (loop.inEventLoop()) {
      task.run();
    } else {
      loop.execute(task);
    }
  }

  void sendPacket(EnginePacket packet) {
    if (state == ReadyState.OPEN) {
      transport.send(packet);
    }
  }

  private void closeGracefully(CloseReason reason) {
    if (state != ReadyState.OPEN) {
      return;
    }
    if (transport instanceof PollingTransport polling && !polling.canDeliverCloseNow()) {
      // The close packet waits for the client's next GET, bounded by closeTimeout like the reference.
      state = ReadyState.CLOSING;
      open = false;
      closingReason = reason;
      polling.close(true);
      loop.schedule(() -> onClose(reason, null), options.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
      return;
    }
    transport.close(true);
    onClose(reason, null);
  }

  /**
   * The client sent a close packet. Like the reference, a held poll ends with a noop. Over polling, the close packet
   * (in a POST) may overtake the client's GET, which arrived on another connection at nearly the same time; so
   * without a held poll the session waits up to pingTimeout for that GET, answers it with the noop, then closes.
   */
  private void onCloseRequested() {
    if (transport instanceof PollingTransport polling) {
      // Packets queued before the close packet (the echoes of the same POST) leave on the held GET first, as in the
      // reference. Without this, a held GET with a non-empty buffer fell to the server-close path: the queued packets
      // were dropped, the GET got "1", and the session closed as "forced close" instead of "transport close".
      polling.flushNow();
    }
    if (transport instanceof PollingTransport polling && !polling.canDeliverCloseNow()) {
      state = ReadyState.CLOSING;
      open = false;
      polling.closeByClient();
      loop.schedule(() -> onClose(CloseReason.TRANSPORT_CLOSE, null), options.pingTimeout().toNanos(),
          TimeUnit.NANOSECONDS);
      return;
    }
    if (transport instanceof PollingTransport polling) {
      polling.answerPendingPollWithNoop();
    }
    transport.close(false);
    onClose(CloseReason.TRANSPORT_CLOSE, null);
  }

  /** The polling transport answered the last GET of a closing session. */
  void onClosingPollAnswered(CloseReason reason) {
    if (state == ReadyState.CLOSING) {
      onClose(reason, null);
    }
  }

  /** The polling transport delivered the close packet of a graceful close. */
  void onCloseDelivered() {
    onClosingPollAnswered(closingReason);
  }

  // ---- inbound ----

  /** A text packet arrived on the active transport. */
  void onTextPacket(String encoded) {
    EnginePacket packet;
    try {
      packet = EnginePacketCodec.decodeText(encoded);
    } catch (EngineProtocolException e) {
      onError(CloseReason.PARSE_ERROR, e.getMessage());
      return;
    }
    onPacket(packet);
  }

  /** Packets decoded from a polling body. */
  void onPackets(List<EnginePacket> packets) {
    for (EnginePacket packet : packets) {
      if (state == ReadyState.CLOSING && packet.type() == dev.parley.engineio.codec.EnginePacketType.CLOSE) {
        // The client closes while our own close packet still waits for its next GET (it got a Socket.IO
        // disconnect first and will never poll again): the reference's transport handles a close packet in any
        // state, so end the session now instead of holding it for closeTimeout.
        onClose(CloseReason.TRANSPORT_CLOSE, null);
        return;
      }
      if (state != ReadyState.OPEN) {
        return;
      }
      onPacket(packet);
    }
  }

  /** A binary message arrived on the active transport. */
  void onBinaryMessage(byte[] data) {
    onPacket(EnginePacket.binary(data));
  }

  private void onPacket(EnginePacket packet) {
    if (state != ReadyState.OPEN) {
      return;
    }
    switch (packet.type()) {
      case PONG -> onPong();
      case MESSAGE -> deliver(packet);
      case CLOSE -> onCloseRequested();
      // v4: only the server pings; anything else is out of place on an open transport
      case PING -> onError(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
      default -> onError(CloseReason.PARSE_ERROR, "unexpected packet " + packet.type());
    }
  }

  private void deliver(EnginePacket packet) {
    try {
      if (packet.isBinary()) {
        handler.onBinary(packet.binary());
      } else {
        handler.onMessage(packet.text() == null ? "" : packet.text());
      }
    } catch (RuntimeException e) {
      log.error("session {}: message handler failed", id, e);
    }
  }

  // ---- heartbeat ----

  private void schedulePing() {
    pingTimer = loop.schedule(this::sendPing, options.pingInterval().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void sendPing() {
    if (state != ReadyState.OPEN) {
      return;
    }
    pingTimer = null;
    sendPacket(EnginePacket.PING);
    pingTimeoutTimer = loop.schedule(() -> {
      if (state != ReadyState.CLOSED) {
        onError(CloseReason.PING_TIMEOUT, null);
      }
    }, options.pingTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void onPong() {
    // A pong that answers no ping is ignored, so a pong flood cannot reschedule or pile up timers.
    if (pingTimeoutTimer == null) {
      return;
    }
    pingTimeoutTimer.cancel(false);
    pingTimeoutTimer = null;
    schedulePing();
  }

  // ---- upgrade ----

  /**
   * A WebSocket for this session completed its handshake; the probe and the {@code 5} packet must follow within
   * upgradeTimeout.
   *
   * @return false if the session cannot upgrade now (the caller closes the WebSocket)
   */
  boolean beginUpgrade(WebSocketTransport ws) {
    if (state != ReadyState.OPEN || upgrading != null || !(transport instanceof PollingTransport)) {
      return false;
    }
    upgrading = ws;
    upgradeTimer = loop.schedule(() -> {
      if (upgrading == ws) {
        log.debug("session {}: upgrade timed out", id);
        cancelUpgrade();
        ws.close(false);
      }
    }, options.upgradeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    return true;
  }

  /** A text packet arrived on the WebSocket that is upgrading this session. */
  void onUpgradePacket(WebSocketTransport ws, String encoded) {
    if (ws != upgrading) {
      ws.close(false);
      return;
    }
    if ("2probe".equals(encoded)) {
      ws.send(EnginePacket.PROBE_PONG);
      probeAnswered = true;
      // force the pending poll to return so the client can pause polling and finish the upgrade
      ((PollingTransport) transport).answerPendingPollWithNoop();
    } else if ("5".equals(encoded) && probeAnswered) {
      completeUpgrade(ws);
    } else {
      cancelUpgrade();
      ws.close(false);
    }
  }

  /** Whether a poll arriving now should get a noop: the upgrade probe was answered. */
  boolean isUpgradeProbed() {
    return upgrading != null && probeAnswered;
  }

  private void completeUpgrade(WebSocketTransport ws) {
    upgradeTimer.cancel(false);
    upgrading = null;
    PollingTransport polling = (PollingTransport) transport;
    polling.answerPendingPollWithNoop();
    List<EnginePacket> queued = polling.discard();
    transport = ws;
    transportName = ws.name();
    for (EnginePacket packet : queued) {
      ws.send(packet);
    }
    log.debug("session {}: upgraded to websocket", id);
    try {
      handler.onUpgrade(ws.name());
    } catch (RuntimeException e) {
      log.error("session {}: upgrade handler failed", id, e);
    }
  }

  private void cancelUpgrade() {
    if (upgradeTimer != null) {
      upgradeTimer.cancel(false);
      upgradeTimer = null;
    }
    upgrading = null;
    probeAnswered = false;
  }

  /** A transport's connection ended. */
  void onTransportClosed(Transport closed, CloseReason reason, String detail) {
    if (closed == upgrading) {
      cancelUpgrade();
      return;
    }
    if (closed != transport || state == ReadyState.CLOSED) {
      return;
    }
    onClose(reason, detail);
  }

  /** Closes the session because of an error; the transport goes with it. */
  void onError(CloseReason reason, String detail) {
    if (state == ReadyState.CLOSED) {
      return;
    }
    log.debug("session {}: closing on error {} ({})", id, reason.description(), detail);
    Transport failed = transport;
    // the reason first: closing the transport fails its pending writes, which report errors of their own
    onClose(reason, detail);
    failed.abort(reason);
  }

  private void onClose(CloseReason reason, String detail) {
    if (state == ReadyState.CLOSED) {
      return;
    }
    state = ReadyState.CLOSED;
    open = false;
    if (pingTimer != null) {
      pingTimer.cancel(false);
    }
    if (pingTimeoutTimer != null) {
      pingTimeoutTimer.cancel(false);
    }
    if (upgrading != null) {
      WebSocketTransport ws = upgrading;
      cancelUpgrade();
      ws.close(false);
    }
    server.remove(this, reason);
    permit.release();
    boolean abnormal = Disconnects.isAbnormal(reason) || limitDetail != null;
    if (Disconnects.enabled(abnormal)) {
      Disconnects.log(abnormal, "engine session {} closed: {}{}; transport {}, remote {}, origin {}", id,
          reason.description(), Disconnects.detail(detail != null ? detail : limitDetail), transportName.wireName(),
          Disconnects.remote(request), Disconnects.origin(request));
    }
    try {
      handler.onClose(reason, detail);
    } catch (RuntimeException e) {
      log.error("session {}: close handler failed", id, e);
    }
  }

  boolean isClosed() {
    return state == ReadyState.CLOSED;
  }

  /** A volatile packet for this session was dropped: its client is not keeping up. */
  void packetDropped() {
    droppedPackets++;
    server.packetDropped();
  }

  /** The volatile packets dropped for this session; on the session's loop (tests and metrics). */
  public long droppedPackets() {
    return droppedPackets;
  }

  /**
   * The outbound bytes queued for this session's client: Netty's outbound buffer for a WebSocket, the polling
   * buffer otherwise; on the session's loop (tests and metrics).
   */
  public long queuedBytes() {
    if (transport instanceof WebSocketTransport ws) {
      return ws.queuedBytes();
    }
    return transport instanceof PollingTransport polling ? polling.queuedBytes() : 0;
  }

  Transport currentTransport() {
    return transport;
  }
}
