package dev.parley.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.benchmarks.client.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {

  @Test
  void theShippedRegistryParsesAndEnablesParleyFirst() throws Exception {
    PeerRegistry r = PeerRegistry.load(Path.of("peers/peers.json"));
    assertThat(r.all()).extracting(PeerSpec::name)
        .contains("parley", "node-ws", "node-uws", "netty-socketio", "flask-socketio", "raw-netty");
    // Parley is enabled and first: the report takes it as the baseline of every ratio
    assertThat(r.select(null)).extracting(PeerSpec::name).startsWith("parley");
    assertThat(r.select("parley,node-ws")).extracting(PeerSpec::name).containsExactly("parley", "node-ws");
    PeerSpec raw = r.select("raw-netty").get(0);
    assertThat(raw.supports(Transport.POLLING)).isFalse();
    assertThat(raw.ready()).isEqualTo("tcp");
    assertThatThrownBy(() -> r.select("nope")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyCommandExpandsWithTheSuitePlaceholders() throws Exception {
    Map<String, String> vars = Map.of("port", "1", "benchDir", "/b", "java", "java", "benchCp", "cp", "node", "node",
        "python", "python3", "redisUrl", "redis://127.0.0.1:2");
    for (PeerSpec p : PeerRegistry.load(Path.of("peers/peers.json")).all()) {
      assertThat(PeerSpec.expand(p.command(), vars)).contains("1");
      PeerSpec.expand(p.versionCommand(), vars);
      if (p.cluster() != null && p.cluster().unsupported() == null) {
        assertThat(PeerSpec.expand(p.cluster().command(), vars)).contains("1", "redis://127.0.0.1:2");
      }
    }
  }

  @Test
  void clusterBlocks() throws Exception {
    PeerRegistry r = PeerRegistry.load(Path.of("peers/peers.json"));
    for (String name : List.of("parley", "node-ws", "node-uws", "flask-socketio")) {
      assertThat(r.select(name).get(0).cluster().command()).as(name).contains("{redisUrl}");
    }
    // every peer says whether it has a cluster mode or why not, except the machine-limit estimate
    assertThat(r.select("raw-netty").get(0).cluster()).isNull();
    PeerSpec.Cluster netty = r.select("netty-socketio").get(0).cluster();
    assertThat(netty).isNotNull();
    ObjectMapper m = new ObjectMapper();
    PeerSpec unsupported = PeerSpec.fromJson(m.readTree(
        "{\"name\":\"x\",\"command\":[\"x\"],\"cluster\":{\"unsupported\":\"no adapter\"}}"));
    assertThat(unsupported.cluster().unsupported()).isEqualTo("no adapter");
    assertThat(unsupported.cluster().command()).isEmpty();
    assertThatThrownBy(() -> PeerSpec.fromJson(m.readTree("{\"name\":\"x\",\"command\":[\"x\"],\"cluster\":{}}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expandRejectsUnknownPlaceholders() {
    assertThat(PeerSpec.expand(List.of("a{port}b"), Map.of("port", "9"))).containsExactly("a9b");
    assertThatThrownBy(() -> PeerSpec.expand("{nope}", Map.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesArguments() {
    Args a = Args.parse("--reps", "3", "--quick", "--sizes=1_000,10000", "--x", "none");
    assertThat(a.getInt("reps", 1)).isEqualTo(3);
    assertThat(a.getBool("quick", false)).isTrue();
    assertThat(a.getInts("sizes", List.of())).containsExactly(1000, 10000);
    assertThat(a.getInts("x", List.of(1))).isEmpty();
    assertThat(a.getInts("missing", List.of(1))).containsExactly(1);
  }

  @Test
  void quickAndFullPlansHaveTheExpectedPoints() {
    assertThat(Plan.build(Args.parse("--profile", "quick"))).extracting(Point::id).containsExactly(
        "fanout-websocket-200", "echo-websocket-20", "connect-websocket-1000", "idle-websocket-1000",
        "fanout-polling-100", "echo-polling-10", "cluster-websocket-200");
    assertThat(Plan.build(Args.parse())).extracting(Point::id).containsExactly(
        "fanout-websocket-1000", "fanout-websocket-10000", "echo-websocket-100", "connect-websocket-2000",
        "connect-websocket-10000", "idle-websocket-100000", "fanout-polling-1000", "echo-polling-100",
        "cluster-websocket-1000");
    assertThat(Plan.build(Args.parse("--scenarios", "echo"))).hasSize(1);
    Point cluster = Plan.build(Args.parse("--scenarios", "cluster", "--cluster-size", "300")).get(0);
    assertThat(cluster.scenario().get().kind()).isEqualTo("cluster");
    assertThat(cluster.scenario().get().params().path("receivers").asInt()).isEqualTo(300);
    assertThat(cluster.scenario().get().params().path("nodes").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> Plan.build(Args.parse("--scenarios", "bogus")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rotatesPeerOrderBetweenRepetitions() {
    assertThat(Suite.rotate(List.of("a", "b", "c"), 1)).containsExactly("b", "c", "a");
    assertThat(Suite.rotate(List.of(), 2)).isEmpty();
  }
}
