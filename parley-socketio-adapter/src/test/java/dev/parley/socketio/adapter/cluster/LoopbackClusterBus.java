package dev.parley.socketio.adapter.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N cluster nodes in one process, wired through an in-memory broker that behaves like Redis pub/sub: a publish
 * reaches every subscriber, the publisher included; a response reaches one node; every message travels as bytes
 * through {@link ClusterMessageCodec}, each node reading its inbox on its own thread. Faults: a node can be cut off
 * (it stays counted but hears and says nothing), the broker can be down (publishes fail), and anyone can publish raw
 * bytes.
 */
final class LoopbackClusterBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LoopbackClusterBus.class);

  private final ClusterMessageCodec codec = new ClusterMessageCodec(new WireFormat(64 * 1024, 80));
  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private final Set<String> cutOff = ConcurrentHashMap.newKeySet();
  private final AtomicInteger published = new AtomicInteger();
  private volatile boolean down;

  /** One node: its namespace, its adapter, its threads. */
  final class Node {
    final String name;
    final FakeNamespace nsp;
    final ClusterAdapter adapter;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService inbox = Executors.newSingleThreadExecutor();
    final ThrottledLog dropped = new ThrottledLog(log, Duration.ofSeconds(10));

    Node(String name, String namespace, boolean heartbeat, ClusterAdapterOptions options) {
      this.name = name;
      this.nsp = new FakeNamespace(namespace, name);
      this.adapter = heartbeat ? new HeartbeatAdapter(this, options) : new CountingAdapter(this, options);
      nsp.adapter(adapter);
    }

    String uid() {
      return adapter.uid();
    }

    void receive(byte[] bytes, boolean response) {
      inbox.execute(() -> {
        ClusterMessage message;
        try {
          message = codec.decode(bytes);
        } catch (MalformedMessageException e) {
          dropped.warn("node {}: dropped a malformed message: {}", name, e.getMessage());
          return;
        }
        if (response && message instanceof ClusterResponse r) {
          adapter.onResponse(r);
        } else {
          adapter.onMessage(message);
        }
      });
    }

    void close() {
      adapter.close();
      nsp.close();
      inbox.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  /** Adds a node whose adapter counts the nodes as the broker does (Redis's {@code PUBSUB NUMSUB}). */
  Node add(String name, ClusterAdapterOptions options) {
    return add(name, "/", false, options);
  }

  Node add(String name, String namespace, boolean heartbeat, ClusterAdapterOptions options) {
    Node node = new Node(name, namespace, heartbeat, options);
    nodes.add(node);
    node.adapter.init();
    return node;
  }

  /** The node stays subscribed (counted) but neither receives nor sends. */
  void cutOff(Node node) {
    cutOff.add(node.uid());
  }

  /** The broker is down: every publish fails at once, as Lettuce's REJECT_COMMANDS makes it. */
  void down(boolean value) {
    this.down = value;
  }

  int published() {
    return published.get();
  }

  /** A publisher that is no node sends raw bytes to everyone. */
  void inject(byte[] bytes) {
    nodes.forEach(n -> n.receive(bytes, false));
  }

  /** Removes a node without a goodbye (a crash). */
  void crash(Node node) {
    nodes.remove(node);
    node.inbox.shutdownNow();
    node.scheduler.shutdownNow();
  }

  CompletionStage<String> send(Node from, ClusterMessage message) {
    if (down) {
      return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
    }
    published.incrementAndGet();
    byte[] bytes = codec.encode(message);
    if (!cutOff.contains(from.uid())) {
      for (Node node : nodes) {
        if (!cutOff.contains(node.uid())) {
          node.receive(bytes, false);
        }
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  CompletionStage<Void> respond(Node from, String to, ClusterResponse response) {
    if (down) {
      return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
    }
    byte[] bytes = codec.encode(response);
    for (Node node : nodes) {
      if (node.uid().equals(to) && !cutOff.contains(to) && !cutOff.contains(from.uid())) {
        node.receive(bytes, true);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    nodes.forEach(Node::close);
  }

  /** The template with the broker's subscriber count. */
  private final class CountingAdapter extends ClusterAdapter {
    private final Node node;

    CountingAdapter(Node node, ClusterAdapterOptions options) {
      super(node.nsp, options, node.scheduler);
      this.node = node;
    }

    @Override
    protected CompletionStage<String> doPublish(ClusterMessage message) {
      return send(node, message);
    }

    @Override
    protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response) {
      return respond(node, requesterUid, response);
    }

    @Override
    public CompletionStage<Integer> serverCount() {
      return CompletableFuture.completedFuture(nodes.size());
    }
  }

  /** The template counting nodes by heartbeats. */
  private final class HeartbeatAdapter extends ClusterAdapterWithHeartbeat {
    private final Node node;

    HeartbeatAdapter(Node node, ClusterAdapterOptions options) {
      super(node.nsp, options, node.scheduler);
      this.node = node;
    }

    @Override
    protected CompletionStage<String> doPublish(ClusterMessage message) {
      return send(node, message);
    }

    @Override
    protected CompletionStage<Void> doPublishResponse(String requesterUid, ClusterResponse response) {
      return respond(node, requesterUid, response);
    }
  }
}
