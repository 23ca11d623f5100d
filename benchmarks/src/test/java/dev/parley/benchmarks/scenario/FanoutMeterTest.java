package dev.parley.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.benchmarks.client.Session;
import dev.parley.benchmarks.client.SessionListener;
import dev.parley.benchmarks.client.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FanoutMeterTest {

  /** A receiver that is never connected: only its index matters to the meter. */
  private static final class Receiver extends Session {
    Receiver(int index) {
      super(index, SessionListener.IGNORE);
    }

    @Override
    public CompletableFuture<Session> start(Bootstrap bootstrap, Target target) {
      throw new UnsupportedOperationException();
    }

    @Override
    public EventLoop eventLoop() {
      throw new UnsupportedOperationException();
    }

    @Override
    protected void writeEngine(String packet) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void flush() {
      // nothing is ever written
    }

    @Override
    public void close() {
      // nothing to close
    }
  }

  private static void deliver(FanoutMeter meter, int receiver, long stamp) {
    ByteBuf packet = Unpooled.copiedBuffer("2[\"bench\",{\"t\":" + stamp + ",\"p\":\"\"}]", StandardCharsets.UTF_8);
    try {
      meter.onPacket(new Receiver(receiver), packet);
    } finally {
      packet.release();
    }
  }

  @Test
  void countsDeliveriesPerNodeSoThatDuplicatesCannotHideLosses() {
    // receivers 0, 2, 4 on node 0; 1, 3 on node 1 (the connector's alternation)
    FanoutMeter meter = new FanoutMeter(2, i -> i % 2);
    long start = BenchClock.now();
    meter.begin(start);
    deliver(meter, 0, start);
    deliver(meter, 0, start);  // a duplicate on node 0...
    deliver(meter, 2, start);
    deliver(meter, 1, start);  // ...while receiver 3 on node 1 got nothing
    deliver(meter, 4, start - 1);  // stamped before the step: stale, not counted
    assertThat(meter.delivered.sum()).isEqualTo(4);
    assertThat(meter.deliveredByNode()).containsExactly(3, 1);
    assertThat(meter.stale.sum()).isEqualTo(1);
    meter.begin(BenchClock.now());
    assertThat(meter.deliveredByNode()).containsExactly(0, 0);
  }

  @Test
  void aSingleServerHasNoPerNodeFigures() {
    FanoutMeter meter = new FanoutMeter();
    meter.begin(BenchClock.now());
    deliver(meter, 0, BenchClock.now());
    assertThat(meter.delivered.sum()).isEqualTo(1);
    assertThat(meter.deliveredByNode()).isNull();
  }
}
