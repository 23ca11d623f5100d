package dev.parley.engineio.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommonStringsTest {

  @Test
  void knownNamesAndValuesOfTwoRequestsShareOneInstance() {
    // new String(...): what the HTTP decoder hands over for every request
    for (String known : new String[] {"sec-websocket-key", "host", "EIO", "4", "transport", "websocket", "polling"}) {
      String first = CommonStrings.canonical(new String(known));
      String second = CommonStrings.canonical(new String(known));

      assertThat(first).isEqualTo(known).isSameAs(second);
    }
  }

  @Test
  void anythingElseIsKeptAsItCame() {
    String key = new String("dGhlIHNhbXBsZSBub25jZQ==");

    assertThat(CommonStrings.canonical(key)).isSameAs(key);
    assertThat(CommonStrings.canonical("")).isEmpty();
  }
}
