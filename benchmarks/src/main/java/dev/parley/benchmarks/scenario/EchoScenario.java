package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.client.AckCallback;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Transport;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Echo with ack: M clients in a closed loop, each emitting {@code echo} with an ack and emitting the next one as soon
 * as the ack arrives. Measures acks per second and the ack round-trip latency over a fixed window after a warm-up.
 * The first ack of every client is checked to carry the payload unchanged.
 */
public final class EchoScenario implements Scenario {

  /** Parameters; the defaults are the full suite's. */
  public static final class Options {
    public Transport transport = Transport.WEBSOCKET;
    public int clients = 100;
    public double warmupSeconds = 10;
    public double seconds = 10;
    public int payloadBytes = 16;
    public int connectConcurrency = 100;
  }

  private final Options o;

  public EchoScenario(Options options) {
    this.o = options;
  }

  @Override
  public String kind() {
    return "echo";
  }

  @Override
  public ObjectNode params() {
    ObjectNode p = Json.MAPPER.valueToTree(o);
    p.put("transport", o.transport.wireName());
    return p;
  }

  private static final class Loop implements AckCallback {
    final String request;
    final String expectedReply;
    final Recorder recorder = new Recorder(1, FanoutMeter.MAX_MICROS, 3);
    final LongAdder acks = new LongAdder();
    final LongAdder mismatches = new LongAdder();
    volatile boolean measuring;
    volatile boolean stopping;

    Loop(int payloadBytes) {
      String payload = "{\"p\":\"" + "e".repeat(Math.max(0, payloadBytes)) + "\"}";
      this.request = "[\"echo\"," + payload + "]";
      this.expectedReply = "[" + payload + "]";
    }

    void send(Session s) {
      if (stopping || s.isClosed()) {
        return;
      }
      s.<long[]>attachment()[0] = System.nanoTime();
      s.emitWithAck(request, this);
    }

    @Override
    public void onAck(Session s, ByteBuf args) {
      long[] state = s.attachment();
      long now = System.nanoTime();
      if (state[1] == 0) {
        state[1] = 1;
        String got = args.toString(StandardCharsets.UTF_8).replace(" ", "");
        if (!got.equals(expectedReply)) {
          mismatches.increment();
        }
      }
      if (measuring) {
        recorder.recordValue(Math.min(FanoutMeter.MAX_MICROS, (now - state[0]) / 1000));
        acks.increment();
      }
      send(s);
    }
  }

  @Override
  public ObjectNode run(ScenarioContext ctx) throws Exception {
    ObjectNode result = Json.object();
    Connector connector = new Connector(ctx.loop(), ctx.target(), o.transport);
    LongAdder closed = new LongAdder();
    SessionListener listener = new SessionListener() {
      @Override
      public void onPacket(Session session, ByteBuf socketPacket) {
        // echo clients only look at acks
      }

      @Override
      public void onClosed(Session session, Throwable cause) {
        closed.increment();
      }
    };
    Connector.Result r = connector.open(o.clients, o.connectConcurrency, null, listener, 60_000 + o.clients * 5L);
    List<Session> sessions = new ArrayList<>(r.sessions());
    try {
      result.set("connect", FanoutScenario.connectJson(r));
      if (r.failed() > 0) {
        return FanoutScenario.failed(result, r.failed() + " of " + o.clients + " clients not ready: " + r.firstError());
      }
      Loop loop = new Loop(o.payloadBytes);
      for (Session s : sessions) {
        s.attach(new long[2]);
        s.execute(() -> loop.send(s));
      }
      BenchClock.sleepMillis((long) (o.warmupSeconds * 1000));
      loop.recorder.reset();
      StepProbe probe = StepProbe.begin(ctx.probe());
      long t0 = System.nanoTime();
      loop.measuring = true;
      BenchClock.sleepMillis((long) (o.seconds * 1000));
      loop.measuring = false;
      long t1 = System.nanoTime();
      long acks = loop.acks.sum();
      probe.end(result, acks, "cpuPerAckNs");
      loop.stopping = true;
      Histogram h = loop.recorder.getIntervalHistogram();
      result.put("acks", acks);
      result.put("acksPerSec", Json.round(acks / ((t1 - t0) / 1e9)));
      result.set("latency", Json.latency(h));
      result.put("mismatches", loop.mismatches.sum());
      result.put("disconnects", closed.sum());
      ctx.log().accept(String.format("echo: %d clients -> %.0f acks/s p99=%.2f ms", o.clients,
          acks / ((t1 - t0) / 1e9), h.getValueAtPercentile(99) / 1000.0));
      BenchClock.sleepMillis(300);
      if (acks == 0 || closed.sum() > 0 || loop.mismatches.sum() > 0) {
        return FanoutScenario.failed(result, "acks=" + acks + " disconnects=" + closed.sum() + " mismatches="
            + loop.mismatches.sum());
      }
      result.put("status", "ok");
      return result;
    } finally {
      Connector.closeAll(sessions);
    }
  }
}
