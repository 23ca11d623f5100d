package dev.parley.examroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code socket.*} limits: the exam room's defaults, and the settings that turn a cap off behind a proxy. */
class SocketLimitsConfigTest {

  @Test
  void defaultsAllowAChatClientsReceiptsAndCapEachAddress() {
    AppConfig.SocketLimits limits = AppConfig.load(Map.of(), new String[0]).socketLimits();
    assertThat(limits).isEqualTo(new AppConfig.SocketLimits(50, 100, 200));
  }

  @Test
  void behindAProxyTheAddressCapIsTurnedOff() {
    AppConfig config = AppConfig.load(Map.of("EXAM_ROOM_SOCKET_MAX_CONNECTIONS_PER_IP", "0"),
        new String[] {"--socket.events.per.second=0", "--socket.event.burst=10"});
    assertThat(config.socketLimits()).isEqualTo(new AppConfig.SocketLimits(0, 0, 10));
  }

  @Test
  void aBurstOfNothingIsRefused() {
    assertThatThrownBy(() -> AppConfig.load(Map.of(), new String[] {"--socket.event.burst=0"}))
        .hasMessageContaining("socket.event.burst");
  }
}
