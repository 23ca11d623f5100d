package dev.parley.socketio.adapter.cluster;

import dev.parley.socketio.adapter.AdapterContext;
import dev.parley.socketio.adapter.cluster.ClusterMessage.AdapterClose;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Heartbeat;
import dev.parley.socketio.adapter.cluster.ClusterMessage.InitialHeartbeat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster adapter for backends that cannot count their subscribers (a stream, a message bus): the nodes count each
 * other, as the reference's {@code ClusterAdapterWithHeartbeat} does. A starting node publishes
 * {@code INITIAL_HEARTBEAT}, which every other node answers with a {@code HEARTBEAT}; a node that published nothing
 * for {@code heartbeatInterval} publishes a {@code HEARTBEAT}; a node not heard from for {@code heartbeatTimeout},
 * or that published {@code ADAPTER_CLOSE}, is no longer counted, and the requests waiting for it complete without it.
 */
public abstract class ClusterAdapterWithHeartbeat extends ClusterAdapter {
  private static final Logger log = LoggerFactory.getLogger(ClusterAdapterWithHeartbeat.class);

  /** Other nodes by uid, with when each was last heard from ({@link System#nanoTime()}). */
  private final ConcurrentHashMap<String, Long> nodes = new ConcurrentHashMap<>();
  private volatile long lastPublish = System.nanoTime();
  private ScheduledFuture<?> heartbeat;
  private ScheduledFuture<?> cleanup;

  protected ClusterAdapterWithHeartbeat(AdapterContext context, ClusterAdapterOptions options,
      ScheduledExecutorService scheduler) {
    super(context, options, scheduler);
  }

  /** Announces this node and starts the heartbeat; a backend that overrides this calls it once subscribed. */
  @Override
  public CompletionStage<Void> init() {
    publish(new InitialHeartbeat(uid(), nsp()));
    long interval = options.heartbeatInterval().toNanos();
    synchronized (this) {
      heartbeat = scheduler.scheduleAtFixedRate(this::heartbeatIfSilent, interval / 4, interval / 4,
          TimeUnit.NANOSECONDS);
      cleanup = scheduler.scheduleAtFixedRate(this::removeSilentNodes, 1, 1, TimeUnit.SECONDS);
    }
    return CompletableFuture.completedFuture(null);
  }

  private void heartbeatIfSilent() {
    if (System.nanoTime() - lastPublish >= options.heartbeatInterval().toNanos()) {
      publish(new Heartbeat(uid(), nsp()));
    }
  }

  private void removeSilentNodes() {
    long now = System.nanoTime();
    long timeout = options.heartbeatTimeout().toNanos();
    nodes.forEach((nodeUid, lastSeen) -> {
      if (now - lastSeen > timeout) {
        log.debug("[{}] node {} seems down", uid(), nodeUid);
        removeNode(nodeUid);
      }
    });
  }

  private void removeNode(String nodeUid) {
    nodes.remove(nodeUid);
    forgetResponder(nodeUid);
  }

  @Override
  protected void onPublish(ClusterMessage message) {
    lastPublish = System.nanoTime();
  }

  @Override
  protected void onMessage(ClusterMessage message, String offset) {
    if (uid().equals(message.uid()) || !nsp().equals(message.nsp())) {
      super.onMessage(message, offset);
      return;
    }
    if (!EMITTER_UID.equals(message.uid())) {
      nodes.put(message.uid(), System.nanoTime());
    }
    switch (message.type()) {
      case INITIAL_HEARTBEAT -> publish(new Heartbeat(uid(), nsp()));
      case HEARTBEAT -> {
        // being heard from is all it says
      }
      case ADAPTER_CLOSE -> removeNode(message.uid());
      default -> super.onMessage(message, offset);
    }
  }

  /** This node and the other nodes heard from within {@code heartbeatTimeout}. */
  @Override
  public CompletionStage<Integer> serverCount() {
    return CompletableFuture.completedFuture(1 + nodes.size());
  }

  @Override
  protected CompletionStage<Responders> responders() {
    return CompletableFuture.completedFuture(Responders.of(Set.copyOf(nodes.keySet())));
  }

  /** Says goodbye, so that the others stop counting this node at once, and stops the heartbeat. */
  @Override
  public void close() {
    if (!isClosed()) {
      publish(new AdapterClose(uid(), nsp()));
    }
    synchronized (this) {
      if (heartbeat != null) {
        heartbeat.cancel(false);
        cleanup.cancel(false);
      }
    }
    super.close();
  }
}
