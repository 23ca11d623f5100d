package dev.parley.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorTest {

  @Test
  void sessionsAlternateBetweenTargets() {
    Target a = Target.loopback(1001);
    Target b = Target.loopback(1002);
    Connector c = new Connector(null, List.of(a, b), Transport.WEBSOCKET);
    assertThat(List.of(c.targetOf(0), c.targetOf(1), c.targetOf(2), c.targetOf(3))).containsExactly(a, b, a, b);
    assertThat(c.targetIndexOf(7)).isEqualTo(1);
    Connector single = new Connector(null, a, Transport.WEBSOCKET);
    assertThat(List.of(single.targetOf(0), single.targetOf(5))).containsExactly(a, a);
    assertThatThrownBy(() -> new Connector(null, List.of(), Transport.WEBSOCKET))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spreadMatchesTheAlternationAndAddsUp() {
    assertThat(Connector.spread(1000, 2)).containsExactly(500, 500);
    assertThat(Connector.spread(5, 2)).containsExactly(3, 2);
    assertThat(Connector.spread(7, 3)).containsExactly(3, 2, 2);
    assertThat(Connector.spread(1, 2)).containsExactly(1, 0);
    assertThat(Connector.spread(0, 2)).containsExactly(0, 0);
    // the counts are those of targetIndexOf over indices 0..count-1
    Connector c = new Connector(null, List.of(Target.loopback(1), Target.loopback(2), Target.loopback(3)),
        Transport.WEBSOCKET);
    int[] counted = new int[3];
    for (int i = 0; i < 11; i++) {
      counted[c.targetIndexOf(i)]++;
    }
    assertThat(counted).containsExactly(Connector.spread(11, 3));
    assertThatThrownBy(() -> Connector.spread(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
