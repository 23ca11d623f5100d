package dev.parley.engineio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenPacketTest {

  @Test
  void encodesExactlyTheFiveHandshakeKeysInTheReferenceOrder() {
    OpenPacket open = new OpenPacket("lv_VI97HAXpY6yYWAAAC", List.of("websocket"), 25000, 20000, 1000000);
    assertThat(open.encode()).isEqualTo("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
        + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
  }

  @Test
  void noUpgradesIsAnEmptyArray() {
    assertThat(new OpenPacket("a", List.of(), 300, 200, 1000000).encode())
        .isEqualTo("0{\"sid\":\"a\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
  }

  @Test
  void escapesStrings() {
    assertThat(JsonStrings.quote("a\"b\\c\n\u0001\u2028")).isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
  }
}
