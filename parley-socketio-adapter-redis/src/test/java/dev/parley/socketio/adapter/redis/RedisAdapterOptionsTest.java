package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisAdapterOptionsTest {

  @Test
  void defaultsAreTheReferences() {
    RedisAdapterOptions options = RedisAdapterOptions.builder().build();
    assertThat(options.key()).isEqualTo("socket.io");
    assertThat(options.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(options.publishOnSpecificResponseChannel()).isFalse();
    assertThat(options.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
    assertThat(options.subscriptionMode().wireName()).isEqualTo("dynamic");
    assertThat(options.toBuilder().key("x").build().key()).isEqualTo("x");
    // a black-holed Redis is noticed within interval + command timeout: 3 s (docs/clustering.md)
    assertThat(options.healthCheckInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(options.toBuilder().build().healthCheckInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void buildValidates() {
    assertThatThrownBy(() -> RedisAdapterOptions.builder().uri("not a uri").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisAdapterOptions.builder().key("").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisAdapterOptions.builder().commandTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisAdapterOptions.builder().healthCheckInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisAdapterOptions.builder().requestQueueSize(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisAdapterOptions.builder()
        .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theUriWithItsPasswordIsNotPrinted() {
    assertThat(RedisAdapterOptions.builder().uri("redis://user:secret@host:6379").build().toString())
        .doesNotContain("secret");
  }
}
