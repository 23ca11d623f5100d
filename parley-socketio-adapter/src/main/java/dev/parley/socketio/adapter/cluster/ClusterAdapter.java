package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.adapter.AckHandler;
import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterMessage.DisconnectSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.FetchSockets;
import dev.parley.socketio.adapter.cluster.ClusterMessage.ServerSideEmit;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsJoin;
import dev.parley.socketio.adapter.cluster.ClusterMessage.SocketsLeave;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastAck;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastClientCount;
import dev.parley.socketio.adapter.cluster.ClusterResponse.FetchSocketsResponse;
import dev.parley.socketio.adapter.cluster.ClusterResponse.ServerSideEmitResponse;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketType;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-ready adapter: the reference's {@code ClusterAdapter} as a template. It implements every cluster
 * semantic (broadcasts, with acknowledgements gathered from every node; {@code fetchSockets}; {@code socketsJoin},
 * {@code socketsLeave}, {@code disconnectSockets}; {@code serverSideEmit} with answers; requests with timeouts), so
 * that a backend only moves messages:
 *
 * <ul>
 *   <li>it implements {@link #doPublish} (to every other node) and {@link #doPublishResponse} (to one node), and
 *       {@link #serverCount()} when it can count the nodes (or extends {@link ClusterAdapterWithHeartbeat});</li>
 *   <li>it decodes what it receives (with {@link ClusterMessageCodec} or its own format), logs and drops what does
 *       not decode, and hands the rest to {@link #onMessage} and {@link #onResponse}.</li>
 * </ul>
 *
 * <p>Every operation acts on this node's sockets at once and publishes for the others without waiting: when the
 * backend is down, local delivery goes on, and the failed publish is logged (throttled). Answers and server-side
 * events reach application code on the adapter's scheduler, never on the backend's I/O thread.
 *
 * <p>Messages of this node that come back (a broker echoes publishes to every subscriber) and messages of other
 * namespaces are ignored.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {
  /** The uid of emitters: processes without sockets that publish to the cluster but are not nodes. */
  public static final String EMITTER_UID = "emitter";

  private static final Logger log = LoggerFactory.getLogger(ClusterAdapter.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String uid = randomId();
  protected final ClusterAdapterOptions options;
  protected final ScheduledExecutorService scheduler;
  private final ConcurrentHashMap<String, PendingRequest<?>> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AckRequest> ackRequests = new ConcurrentHashMap<>();
  private final ThrottledLog publishFailures = new ThrottledLog(log, Duration.ofSeconds(10));
  private volatile boolean closed;

  private record AckRequest(IntConsumer clientCount, AckHandler onAck) {}

  /**
   * @param context the namespace
   * @param options timeouts
   * @param scheduler runs timeouts and application callbacks (answers, server-side events); it should be
   *     single-threaded so they keep their order
   */
  protected ClusterAdapter(AdapterContext context, ClusterAdapterOptions options,
      ScheduledExecutorService scheduler) {
    super(context);
    this.options = options;
    this.scheduler = scheduler;
  }

  /** This node's id in the cluster (16 hexadecimal characters, as the reference's {@code randomId()}). */
  public final String uid() {
    return uid;
  }

  /** A new random id: 8 random bytes in hexadecimal. */
  protected static String randomId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The namespace's name, stamped on every message. */
  protected final String nsp() {
    return context.namespace();
  }

  // ---- what a backend implements ----

  /**
   * Sends a message to every other node. Must return at once.
   *
   * @return completes (with an offset, for a backend that has them, or {@code null}) once published
   */
  protected abstract CompletionStage<String> doPublish(ClusterMessage message);

  /** Sends a response to one node. Must return at once. */
  protected abstract CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response);

  @Override
  public abstract CompletionStage<Integer> serverCount();

  /**
   * Who must answer a request to the other nodes: by default {@code serverCount() - 1} nodes.
   * {@link ClusterAdapterWithHeartbeat} names them.
   */
  protected CompletionStage<Responders> responders() {
    return serverCount().thenApply(n -> Responders.count(n - 1));
  }

  /**
   * Whether broadcasts carry offsets for connection state recovery across nodes: a backend whose
   * {@link #doPublish} returns offsets (a stream) overrides this, and local delivery then waits for the offset.
   */
  protected boolean appendsOffsets() {
    return false;
  }

  // ---- outgoing ----

  @Override
  public void broadcast(SocketPacket packet, BroadcastOptions opts) {
    if (!opts.flags().local()) {
      CompletionStage<String> offset = publish(new Broadcast(uid, nsp(), packet, opts, null));
      if (appendsOffsets() && recordable(packet, opts)) {
        offset.whenComplete((o, error) -> localBroadcast(withOffset(packet, error == null ? o : null), opts));
        return;
      }
    }
    super.broadcast(packet, opts);
  }

  private void localBroadcast(SocketPacket packet, BroadcastOptions opts) {
    super.broadcast(packet, opts);
  }

  @Override
  public void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
      AckHandler onAck) {
    if (!opts.flags().local()) {
      String requestId = randomId();
      ackRequests.put(requestId, new AckRequest(clientCount, onAck));
      // which nodes answer, and when their clients are done, is only known to the caller's collector: the request
      // is forgotten after the broadcast's own timeout
      Duration keep = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestTimeout();
      schedule(() -> ackRequests.remove(requestId), keep);
      publish(new Broadcast(uid, nsp(), packet.withAckId(SocketPacket.NO_ACK), opts, requestId));
    }
    super.broadcastWithAck(packet, opts, clientCount, onAck);
  }

  @Override
  public void addSockets(BroadcastOptions opts, Set<String> rooms) {
    if (!opts.flags().local()) {
      publish(new SocketsJoin(uid, nsp(), opts, List.copyOf(rooms)));
    }
    super.addSockets(opts, rooms);
  }

  @Override
  public void delSockets(BroadcastOptions opts, Set<String> rooms) {
    if (!opts.flags().local()) {
      publish(new SocketsLeave(uid, nsp(), opts, List.copyOf(rooms)));
    }
    super.delSockets(opts, rooms);
  }

  @Override
  public void disconnectSockets(BroadcastOptions opts, boolean close) {
    if (!opts.flags().local()) {
      publish(new DisconnectSockets(uid, nsp(), opts, close));
    }
    super.disconnectSockets(opts, close);
  }

  @Override
  public CompletionStage<List<SocketDetails>> fetchSockets(BroadcastOptions opts) {
    List<SocketDetails> local = localDetails(opts);
    if (opts.flags().local()) {
      return CompletableFuture.completedFuture(local);
    }
    Duration timeout = opts.flags().timeout() != null ? opts.flags().timeout() : options.requestTimeout();
    return responders().thenCompose(responders -> responders.isEmpty()
        ? CompletableFuture.completedFuture(local)
        : request(MessageType.FETCH_SOCKETS, responders, timeout, local,
            requestId -> new FetchSockets(uid, nsp(), opts, requestId)));
  }

  @Override
  public void serverSideEmit(ArrayNode args) {
    publish(new ServerSideEmit(uid, nsp(), args, null));
  }

  @Override
  public CompletionStage<List<JsonNode>> serverSideEmitWithAck(ArrayNode args, Duration timeout) {
    Duration wait = timeout != null ? timeout : options.requestTimeout();
    return responders().thenCompose(responders -> responders.isEmpty()
        ? CompletableFuture.completedFuture(List.<JsonNode>of())
        : request(MessageType.SERVER_SIDE_EMIT, responders, wait, List.<JsonNode>of(),
            requestId -> new ServerSideEmit(uid, nsp(), args, requestId)));
  }

  private <T> CompletionStage<List<T>> request(MessageType type, Responders responders, Duration timeout,
      List<T> initial, Function<String, ClusterMessage> message) {
    String requestId = randomId();
    PendingRequest<T> pending = new PendingRequest<>(type, responders, initial);
    requests.put(requestId, pending);
    pending.timer(schedule(() -> {
      if (requests.remove(requestId, pending)) {
        pending.result().completeExceptionally(
            new ClusterTimeoutException("timeout reached: " + pending.progress(), pending.responses()));
      }
    }, timeout));
    publish(message.apply(requestId)).whenComplete((v, error) -> {
      // a request that could not be sent will get no answer: fail now rather than at the timeout
      if (error != null && requests.remove(requestId, pending)) {
        pending.cancelTimer();
        pending.result().completeExceptionally(error);
      }
    });
    return pending.result();
  }

  // ---- incoming ----

  /** A message from another node, without an offset. */
  protected void onMessage(ClusterMessage message) {
    onMessage(message, null);
  }

  /**
   * A message from another node.
   *
   * @param offset the message's offset in the backend (a stream), or {@code null}
   */
  protected void onMessage(ClusterMessage message, String offset) {
    if (uid.equals(message.uid())) {
      log.debug("[{}] ignoring a message of type {} with this node's own uid", uid, message.type());
      return;
    }
    if (!nsp().equals(message.nsp())) {
      log.debug("[{}] ignoring a message of namespace {}", uid, message.nsp());
      return;
    }
    switch (message.type()) {
      case BROADCAST -> onBroadcast((Broadcast) message, offset);
      case SOCKETS_JOIN -> super.addSockets(((SocketsJoin) message).options(),
          Set.copyOf(((SocketsJoin) message).rooms()));
      case SOCKETS_LEAVE -> super.delSockets(((SocketsLeave) message).options(),
          Set.copyOf(((SocketsLeave) message).rooms()));
      case DISCONNECT_SOCKETS -> super.disconnectSockets(((DisconnectSockets) message).options(),
          ((DisconnectSockets) message).close());
      case FETCH_SOCKETS -> {
        FetchSockets m = (FetchSockets) message;
        publishResponse(m.uid(), new FetchSocketsResponse(uid, nsp(), m.requestId(), localDetails(m.options())));
      }
      case SERVER_SIDE_EMIT -> onServerSideEmit((ServerSideEmit) message);
      case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT, BROADCAST_ACK ->
          // a backend may not tell responses from messages on its channel
          onResponse((ClusterResponse) message);
      default -> log.debug("[{}] ignoring a message of type {}", uid, message.type());
    }
  }

  private void onBroadcast(Broadcast m, String offset) {
    SocketPacket packet = SocketPacket.event(nsp(), m.packet().data());
    if (m.requestId() == null) {
      boolean record = appendsOffsets() && offset != null && recordable(packet, m.options());
      super.broadcast(record ? withOffset(packet, offset) : packet, m.options());
      return;
    }
    String requester = m.uid();
    String requestId = m.requestId();
    super.broadcastWithAck(packet, m.options(),
        count -> publishResponse(requester, new BroadcastClientCount(uid, nsp(), requestId, count)),
        (socketId, args) -> publishResponse(requester, new BroadcastAck(uid, nsp(), requestId,
            args instanceof ArrayNode array ? array : wrap(args))));
  }

  private void onServerSideEmit(ServerSideEmit m) {
    Consumer<JsonNode> ack = null;
    if (m.requestId() != null) {
      AtomicBoolean sent = new AtomicBoolean();
      ack = value -> {
        // the reference keeps one answer per node
        if (sent.compareAndSet(false, true)) {
          publishResponse(m.uid(), new ServerSideEmitResponse(uid, nsp(), m.requestId(), value));
        }
      };
    }
    Consumer<JsonNode> answer = ack;
    runLater(() -> context.onServerSideEmit(m.args(), answer));
  }

  /** An answer to a request of this node. */
  protected void onResponse(ClusterResponse response) {
    String requestId = response.requestId();
    switch (response.type()) {
      case BROADCAST_CLIENT_COUNT -> {
        AckRequest ack = ackRequests.get(requestId);
        if (ack != null) {
          int count = ((BroadcastClientCount) response).clientCount();
          runLater(() -> ack.clientCount().accept(count));
        }
      }
      case BROADCAST_ACK -> {
        AckRequest ack = ackRequests.get(requestId);
        if (ack != null) {
          ArrayNode args = ((BroadcastAck) response).args();
          runLater(() -> ack.onAck().onAck(null, args));
        }
      }
      case FETCH_SOCKETS_RESPONSE -> answer(requestId, MessageType.FETCH_SOCKETS, response.uid(),
          ((FetchSocketsResponse) response).sockets());
      case SERVER_SIDE_EMIT_RESPONSE -> answer(requestId, MessageType.SERVER_SIDE_EMIT, response.uid(),
          List.of(((ServerSideEmitResponse) response).value()));
      default -> log.debug("[{}] ignoring a response of type {}", uid, response.type());
    }
  }

  @SuppressWarnings("unchecked")
  private <T> void answer(String requestId, MessageType type, String from, List<T> items) {
    PendingRequest<?> pending = requests.get(requestId);
    if (pending == null || pending.type != type) {
      log.debug("[{}] ignoring an answer to unknown request {}", uid, requestId);
      return;
    }
    if (((PendingRequest<T>) pending).add(from, items)) {
      complete(requestId, pending);
    }
  }

  private void complete(String requestId, PendingRequest<?> pending) {
    if (requests.remove(requestId, pending)) {
      pending.cancelTimer();
      completeLater(pending);
    }
  }

  private <T> void completeLater(PendingRequest<T> pending) {
    List<T> responses = pending.responses();
    runLater(() -> pending.result().complete(responses));
  }

  /** What kind of request of this node {@code requestId} is, or {@code null}: for formats whose answers are untyped. */
  protected final MessageType pendingRequestType(String requestId) {
    if (requestId == null) {
      return null;
    }
    if (ackRequests.containsKey(requestId)) {
      return MessageType.BROADCAST;
    }
    PendingRequest<?> pending = requests.get(requestId);
    return pending == null ? null : pending.type;
  }

  /** A node left: it will not answer the pending requests that expect it. */
  protected final void forgetResponder(String nodeUid) {
    requests.forEach((requestId, pending) -> {
      if (pending.forget(nodeUid)) {
        complete(requestId, pending);
      }
    });
  }

  // ---- publishing ----

  /** Publishes a message; a failure is logged (throttled) and reported through the result, never thrown. */
  protected final CompletionStage<String> publish(ClusterMessage message) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("adapter closed"));
    }
    onPublish(message);
    CompletionStage<String> result;
    try {
      result = doPublish(message);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete((offset, error) -> {
      if (error != null) {
        publishFailures.warn("[{}] namespace {}: publishing a message of type {} failed: {}", uid, nsp(),
            message.type(), String.valueOf(error.getMessage()));
      }
    });
  }

  /** Called before each publish (the heartbeat adapter notes that this node spoke). */
  protected void onPublish(ClusterMessage message) {}

  /** Publishes a response; a failure is logged (throttled), never thrown. */
  protected final void publishResponse(String requesterUid, ClusterResponse response) {
    if (closed) {
      return;
    }
    CompletionStage<Void> result;
    try {
      result = doPublishResponse(requesterUid, response);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((v, error) -> {
      if (error != null) {
        publishFailures.warn("[{}] namespace {}: publishing a response of type {} failed: {}", uid, nsp(),
            response.type(), String.valueOf(error.getMessage()));
      }
    });
  }

  /** How many publishes failed since the start (for tests and metrics). */
  public long publishFailures() {
    return publishFailures.count();
  }

  // ---- helpers ----

  /** Runs application-facing work on the scheduler, in order, off the backend's I/O thread. */
  protected final void runLater(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** Schedules a task on the scheduler; {@code null} once it is shut down. */
  protected final ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private static boolean recordable(SocketPacket packet, BroadcastOptions opts) {
    return packet.type() == SocketPacketType.EVENT && !packet.hasAck() && !opts.flags().isVolatile();
  }

  private static SocketPacket withOffset(SocketPacket packet, String offset) {
    if (offset == null || offset.isEmpty()) {
      return packet;
    }
    ArrayNode data = ((ArrayNode) packet.data()).deepCopy();
    data.add(TextNode.valueOf(offset));
    return new SocketPacket(packet.type(), packet.namespace(), data, packet.ackId());
  }

  private static ArrayNode wrap(JsonNode value) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    array.add(value);
    return array;
  }

  /** Whether {@link #close()} was called. */
  protected final boolean isClosed() {
    return closed;
  }

  /** Fails the pending requests; a backend's {@code close} calls this, then releases its resources. */
  @Override
  public void close() {
    closed = true;
    requests.forEach((requestId, pending) -> {
      if (requests.remove(requestId, pending)) {
        pending.cancelTimer();
        pending.result().completeExceptionally(new IllegalStateException("adapter closed"));
      }
    });
    ackRequests.clear();
  }
}
