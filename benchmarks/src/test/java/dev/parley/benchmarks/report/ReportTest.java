package dev.parley.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void medianAndSpread() {
    Stats s = Stats.of(List.of(3.0, 1.0, Double.NaN, 2.0));
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.median()).isEqualTo(2.0);
    assertThat(s.spreadPercent()).isCloseTo(50.0, within(1e-9));
    assertThat(Stats.of(List.of(1.0, 2.0, 3.0, 10.0)).median()).isEqualTo(2.5);
    assertThat(Stats.of(List.of(Double.NaN))).isNull();
  }

  @Test
  void advantageIsAboveOneWhenTheBaselineIsBetterEitherWay() {
    Stats fast = Stats.of(List.of(200.0));
    Stats slow = Stats.of(List.of(100.0));
    assertThat(Stats.advantage(fast, slow, true)).isEqualTo(2.0);
    assertThat(Stats.advantage(slow, fast, false)).isEqualTo(2.0);
    assertThat(Stats.advantage(null, slow, true)).isNaN();
  }

  @Test
  void splicesTheGeneratedBlock() {
    String doc = "a\n" + Report.BEGIN + "\nold\n" + Report.END + "\nb\n";
    String out = Report.splice(doc, "new");
    assertThat(out).isEqualTo("a\n" + Report.BEGIN + "\nnew\n" + Report.END + "\nb\n");
    assertThat(Report.splice("x\n", "s")).isEqualTo("x\n\n" + Report.BEGIN + "\ns\n" + Report.END + "\n");
  }

  @Test
  void formatsTitlesAndNumbers() {
    assertThat(Report.title("fanout-websocket-10000")).isEqualTo("fan-out, WebSocket, 10,000");
    assertThat(Report.title("echo-polling-100")).isEqualTo("echo, polling, 100");
    assertThat(Report.fmt(123456.7)).isEqualTo("123,457");
    assertThat(Report.fmt(12.345)).isEqualTo("12.3");
    assertThat(Report.fmt(0)).isEqualTo("0");
  }

  @Test
  void rendersRatiosAgainstTheBaseline() throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    for (int rep = 1; rep <= 3; rep++) {
      runs.add(M.readTree("{\"point\":\"echo-websocket-100\",\"kind\":\"echo\",\"peer\":\"parley\",\"rep\":" + rep
          + ",\"status\":\"ok\",\"acksPerSec\":" + (1000 + rep) + ",\"latency\":{\"p99Us\":2000}}"));
      runs.add(M.readTree("{\"point\":\"echo-websocket-100\",\"kind\":\"echo\",\"peer\":\"node-ws\",\"rep\":" + rep
          + ",\"status\":\"ok\",\"acksPerSec\":501,\"latency\":{\"p99Us\":4000}}"));
    }
    runs.add(M.readTree("{\"point\":\"echo-websocket-100\",\"kind\":\"echo\",\"peer\":\"flask\",\"rep\":1,"
        + "\"status\":\"failed\",\"error\":\"boom\"}"));
    String md = new Report(runs, M.createObjectNode(), null, "parley").render("img", List.of("fanout-x.png"));
    assertThat(md).contains("| echo, WebSocket, 100 | acks/s ↑ | 1,002 | 501 · ×2.00 | — |");
    assertThat(md).contains("| node-ws | 3/3 | 501 ±0% |");
    assertThat(md).contains("flask: failed — boom");
    assertThat(md).contains("![fanout-x](img/fanout-x.png)");
  }

  @Test
  void rendersTheClusterTableWithRatiosInEveryColumn() throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    runs.add(M.readTree(cluster("parley", 40_000, 2000, 60, 30, 10)));
    runs.add(M.readTree(cluster("node-ws", 20_000, 4000, 50, 30, 20)));
    runs.add(M.readTree("{\"point\":\"cluster-websocket-1000\",\"kind\":\"cluster\",\"peer\":\"raw-netty\","
        + "\"rep\":1,\"status\":\"skipped\",\"error\":\"raw-netty has no cluster mode in the registry\"}"));
    String md = new Report(runs, M.createObjectNode(), null, "parley").render("img", List.of());
    assertThat(md).contains("| cluster (2 nodes + Redis), WebSocket, 1,000 | deliveries/s at max rate ↑ | 40,000 | "
        + "20,000 · ×2.00 | — |");
    assertThat(md).contains("#### cluster (2 nodes + Redis), WebSocket, 1,000");
    assertThat(md).contains("CPU µs/delivery (2 nodes + Redis) |");
    // every column carries the ratio: throughput 2x, CPU per delivery 4.0/2.0 = 2x
    assertThat(md).contains("| node-ws | 1/1 | 20,000 · ×2.00 |");
    assertThat(md).contains("| 4.00 · ×2.00 |");
    assertThat(md).contains("| parley | 1/1 | 40,000 |");
    assertThat(md).contains("parley: CPU at the best step: nodeA 60%, nodeB 30%, redis 10%");
    assertThat(md).contains("node-ws: CPU at the best step: nodeA 50%, nodeB 30%, redis 20%");
    assertThat(md).contains("raw-netty: skipped — raw-netty has no cluster mode in the registry");
  }

  private static String cluster(String peer, long deliveries, long cpuNs, int a, int b, int redis) {
    return "{\"point\":\"cluster-websocket-1000\",\"kind\":\"cluster\",\"peer\":\"" + peer + "\",\"rep\":1,"
        + "\"status\":\"ok\",\"maxDeliveriesPerSec\":" + deliveries + ",\"maxRate\":" + deliveries / 1000
        + ",\"best\":{\"latency\":{\"p50Us\":1000,\"p99Us\":5000,\"maxUs\":9000},\"cpuPerDeliveryNs\":" + cpuNs
        + ",\"serverCpuMsByProcess\":{\"nodeA\":" + a + ",\"nodeB\":" + b + ",\"redis\":" + redis + "}}}";
  }
}
