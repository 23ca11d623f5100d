package dev.parley.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectScenarioTest {

  @Test
  void usesTheDefaultSourceAddressUpToOneShare() throws Exception {
    assertThat(ConnectScenario.sourceAddresses(20_000, 20_000)).isEmpty();
    assertThat(ConnectScenario.sourceAddresses(5, 0)).isEmpty();
  }

  @Test
  void spreadsLargeCountsOverLoopbackSourceAddresses() throws Exception {
    List<InetAddress> a = ConnectScenario.sourceAddresses(100_000, 20_000);
    assertThat(a).hasSize(5);
    assertThat(a.get(0).getHostAddress()).isEqualTo("127.0.0.2");
    assertThat(a.get(4).getHostAddress()).isEqualTo("127.0.0.6");
    assertThat(a).allMatch(InetAddress::isLoopbackAddress);
  }
}
