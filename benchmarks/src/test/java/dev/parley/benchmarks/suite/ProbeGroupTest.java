package dev.parley.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeGroupTest {

  /** A probe with fixed figures. */
  private static final class Fixed implements ServerProbe {
    long cpu;
    long rss;
    boolean alive = true;
    int gcs;

    Fixed(long cpu, long rss) {
      this.cpu = cpu;
      this.rss = rss;
    }

    @Override
    public long cpuNanos() {
      return cpu;
    }

    @Override
    public long rssBytes() {
      return rss;
    }

    @Override
    public void forceGc() {
      gcs++;
    }

    @Override
    public boolean isAlive() {
      return alive;
    }
  }

  @Test
  void sumsEveryProcessAndKeepsTheParts() {
    Fixed a = new Fixed(100, 10);
    Fixed b = new Fixed(50, 20);
    Fixed redis = new Fixed(7, 3);
    Map<String, Fixed> parts = new LinkedHashMap<>();
    parts.put("nodeA", a);
    parts.put("nodeB", b);
    parts.put("redis", redis);
    ProbeGroup g = new ProbeGroup(parts);
    assertThat(g.cpuNanos()).isEqualTo(157);
    assertThat(g.rssBytes()).isEqualTo(33);
    assertThat(g.cpuNanosByPart()).containsExactly(Map.entry("nodeA", 100L), Map.entry("nodeB", 50L),
        Map.entry("redis", 7L));
    g.forceGc();
    assertThat(a.gcs + b.gcs + redis.gcs).isEqualTo(3);
    assertThat(g.isAlive()).isTrue();
  }

  @Test
  void oneUnknownOrDeadPartMakesTheWholeUnknownOrDead() {
    Fixed a = new Fixed(100, 10);
    Fixed redis = new Fixed(-1, 5);
    ProbeGroup g = new ProbeGroup(Map.of("nodeA", a, "redis", redis));
    // a sum without Redis would make the cluster look cheaper than it is
    assertThat(g.cpuNanos()).isEqualTo(-1);
    assertThat(g.rssBytes()).isEqualTo(15);
    a.alive = false;
    assertThat(g.isAlive()).isFalse();
  }
}
