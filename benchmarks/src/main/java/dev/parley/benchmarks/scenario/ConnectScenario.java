package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Transport;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connect, and idle scale: opens N Socket.IO connections as fast as a bounded number of handshakes in flight allows
 * (connections per second, server CPU per connection), then measures the server's resident memory per connection
 * after a forced GC. With {@code idleSeconds > 0} it then holds them idle with the server's default heartbeats and
 * measures the server's CPU and memory while idle ({@code idle} kind).
 *
 * <p>Beyond one source address's ephemeral ports, connections are spread over source addresses
 * {@code 127.0.0.2, 127.0.0.3, ...} ({@link #sourceAddresses}).
 */
public final class ConnectScenario implements Scenario {

  /** Parameters; the defaults are the full suite's connect scenario. */
  public static final class Options {
    public Transport transport = Transport.WEBSOCKET;
    public int connections = 2000;
    public int concurrency = 256;
    public double idleSeconds = 0;
    /** Connections per loopback source address before another one is used; 0 for the system's choice only. */
    public int perSourceAddress = 20_000;
    public double settleSeconds = 2;
    public long timeoutMillis = 0;
    /**
     * Connections opened and closed before the measured ones: a server that has run for a while has compiled its
     * handshake path (HotSpot, V8) and sized its pools, and the memory baseline should include both.
     */
    public int warmupConnections = 2000;
  }

  private static final int WARMUP_BATCH = 2000;

  private final Options o;

  public ConnectScenario(Options options) {
    this.o = options;
  }

  @Override
  public String kind() {
    return o.idleSeconds > 0 ? "idle" : "connect";
  }

  @Override
  public ObjectNode params() {
    ObjectNode p = Json.MAPPER.valueToTree(o);
    p.put("transport", o.transport.wireName());
    return p;
  }

  /** The source addresses for {@code connections}: none up to one address's share, else 127.0.0.2 onwards. */
  public static List<InetAddress> sourceAddresses(int connections, int perAddress) throws UnknownHostException {
    List<InetAddress> out = new ArrayList<>();
    if (perAddress <= 0 || connections <= perAddress) {
      return out;
    }
    int k = (connections + perAddress - 1) / perAddress;
    for (int i = 0; i < k; i++) {
      out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
    }
    return out;
  }

  @Override
  public ObjectNode run(ScenarioContext ctx) throws Exception {
    ObjectNode result = Json.object();
    LongAdder closed = new LongAdder();
    SessionListener listener = new SessionListener() {
      @Override
      public void onPacket(Session session, ByteBuf socketPacket) {
        // idle clients ignore events
      }

      @Override
      public void onClosed(Session session, Throwable cause) {
        closed.increment();
      }
    };
    List<InetAddress> sources = sourceAddresses(o.connections, o.perSourceAddress);
    result.put("sourceAddresses", sources.size());
    Connector connector = new Connector(ctx.loop(), ctx.target().withSourceAddresses(sources), o.transport);
    warmUp(ctx);
    ctx.probe().forceGc();
    BenchClock.sleepMillis((long) (o.settleSeconds * 1000));
    long rss0 = ctx.probe().rssBytes();
    StepProbe cpu = StepProbe.begin(ctx.probe());
    long timeout = o.timeoutMillis > 0 ? o.timeoutMillis : 60_000 + o.connections * 3L;
    Connector.Result r = connector.open(o.connections, o.concurrency, null, listener, timeout);
    List<Session> sessions = new ArrayList<>(r.sessions());
    try {
      int ready = sessions.size();
      ObjectNode c = FanoutScenario.connectJson(r);
      cpu.end(c, ready, "cpuPerConnectionNs");
      result.set("connect", c);
      result.put("connected", ready);
      result.put("connectionsPerSec", Json.round(ready / (r.elapsedNanos() / 1e9)));
      ctx.log().accept(String.format("connect: %d of %d in %.2f s", ready, o.connections, r.elapsedNanos() / 1e9));
      BenchClock.sleepMillis((long) (o.settleSeconds * 1000));
      ctx.probe().forceGc();
      long rss1 = ctx.probe().rssBytes();
      memory(result, "rss", rss0, rss1, ready);
      if (o.idleSeconds > 0 && ready > 0) {
        idle(ctx, result, rss0, ready, closed);
      }
      if (r.failed() > 0 || ready == 0) {
        return FanoutScenario.failed(result, r.failed() + " of " + o.connections + " not connected: "
            + r.firstError());
      }
      if (closed.sum() > 0) {
        return FanoutScenario.failed(result, closed.sum() + " connections dropped");
      }
      result.put("status", "ok");
      return result;
    } finally {
      Connector.closeAll(sessions);
    }
  }

  private void warmUp(ScenarioContext ctx) throws Exception {
    // from source addresses of their own (127.0.1.x, 10,000 each), so that their ports in TIME_WAIT take none from
    // the measured connections; in batches, so that the generator's open files never exceed one batch
    int perAddress = 10_000;
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 0; i * perAddress < o.warmupConnections; i++) {
      sources.add(InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) (1 + i)}));
    }
    Connector connector = new Connector(ctx.loop(), ctx.target().withSourceAddresses(sources), o.transport);
    // its own listener: closing the warm-up connections is not a drop
    SessionListener listener = (session, socketPacket) -> { };
    long start = System.nanoTime();
    int opened = 0;
    for (int left = o.warmupConnections; left > 0; left -= WARMUP_BATCH) {
      int n = Math.min(WARMUP_BATCH, left);
      Connector.Result batch = connector.open(n, o.concurrency, null, listener, 60_000 + n * 3L);
      opened += batch.sessions().size();
      Connector.closeAll(new ArrayList<>(batch.sessions()));
    }
    if (o.warmupConnections > 0) {
      ctx.log().accept(String.format("connect: warm-up %d of %d in %.2f s", opened, o.warmupConnections,
          (System.nanoTime() - start) / 1e9));
      BenchClock.sleepMillis((long) (o.settleSeconds * 1000));
    }
  }


  private void idle(ScenarioContext ctx, ObjectNode result, long rss0, int ready, LongAdder closed) {
    StepProbe cpu = StepProbe.begin(ctx.probe());
    ArrayNode samples = result.putArray("idleRssSamples");
    long end = System.nanoTime() + (long) (o.idleSeconds * 1e9);
    while (System.nanoTime() < end) {
      BenchClock.sleepMillis(Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      samples.add(ctx.probe().rssBytes());
    }
    ObjectNode idle = Json.object();
    cpu.end(idle, 0, "unused");
    ctx.probe().forceGc();
    long rss2 = ctx.probe().rssBytes();
    memory(idle, "rss", rss0, rss2, ready);
    idle.put("disconnects", closed.sum());
    result.set("idle", idle);
    ctx.log().accept(String.format("idle: %d connections, server CPU %.2f%% of a core, %.0f B RSS/connection",
        ready, idle.path("serverCpuPct").asDouble(), idle.path("rssPerConnectionBytes").asDouble()));
  }

  private static void memory(ObjectNode out, String prefix, long before, long after, int connections) {
    if (before < 0 || after < 0) {
      return;
    }
    out.put(prefix + "BeforeBytes", before);
    out.put(prefix + "AfterBytes", after);
    if (connections > 0) {
      out.put(prefix + "PerConnectionBytes", Json.round((double) (after - before) / connections));
    }
  }
}
