package dev.parley.socketio.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.engineio.server.EngineOptions;
import dev.parley.engineio.server.Limits;
import dev.parley.engineio.server.netty.HttpServerLimits;
import dev.parley.socketio.codec.CodecLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one limits object holds the reliability catalogue's defaults, and every older limits holder (the engine's
 * options, the decoder's limits, the HTTP limits) is derived from it, so that a limit changed there is changed
 * everywhere.
 */
class LimitsTest {

  @Test
  void limitsMatchTheCatalogue() {
    Limits limits = Limits.DEFAULTS;
    assertThat(limits.maxHttpBufferSize()).isEqualTo(1_000_000);   // 1 MB: polling body, WS message, attachments
    assertThat(limits.maxAttachments()).isEqualTo(10);
    assertThat(limits.maxJsonDepth()).isEqualTo(64);
    assertThat(limits.maxConnectionsPerIp()).isEqualTo(50);
    assertThat(limits.eventsPerSecondPerSocket()).isEqualTo(20);
    assertThat(limits.eventBurst()).isEqualTo(50);
    assertThat(limits.outboundQueueMaxBytes()).isEqualTo(1_000_000);
    assertThat(limits.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));

    ServerOptions options = ServerOptions.builder().build();
    assertThat(options.limits()).isEqualTo(limits);
    assertThat(options.engine().pingInterval()).isEqualTo(Duration.ofSeconds(25));
    assertThat(options.engine().pingTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(options.engine().upgradeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void everyOtherLimitsHolderIsDerivedFromTheOne() {
    Limits limits = Limits.builder().maxHttpBufferSize(2_000_000).maxAttachments(3).maxJsonDepth(10)
        .maxNumberLength(50).outboundQueueMaxBytes(5_000_000).maxPacketsPerPayload(100).maxInitialLineLength(1024)
        .maxHeaderSize(4096).headerTimeout(Duration.ofSeconds(2)).bodyTimeout(Duration.ofSeconds(3)).build();
    ServerOptions options = ServerOptions.builder().limits(limits).build();

    assertThat(options.engine().maxHttpBufferSize()).isEqualTo(2_000_000);
    assertThat(options.engine().maxPacketsPerPayload()).isEqualTo(100);
    assertThat(options.engine().outboundQueueMaxBytes()).isEqualTo(5_000_000);
    // the sum of one packet's attachments is bounded by the buffer size
    assertThat(options.codecLimits()).isEqualTo(new CodecLimits(3, 2_000_000, 10, 50));
    assertThat(options.httpLimits())
        .isEqualTo(new HttpServerLimits(1024, 4096, Duration.ofSeconds(2), Duration.ofSeconds(3)));
  }

  @Test
  void theDefaultsOfTheOlderHoldersAreTheSameNumbers() {
    ServerOptions options = ServerOptions.builder().build();
    assertThat(options.codecLimits()).isEqualTo(CodecLimits.DEFAULTS);
    assertThat(options.httpLimits()).isEqualTo(HttpServerLimits.DEFAULTS);
    assertThat(EngineOptions.builder().build().limits()).isEqualTo(Limits.DEFAULTS);
    assertThat(EngineOptions.DEFAULT_MAX_HTTP_BUFFER_SIZE).isEqualTo(Limits.DEFAULT_MAX_HTTP_BUFFER_SIZE);
  }

  @Test
  void theOlderSettersStillWorkAndChangeTheOneLimitsObject() {
    ServerOptions options = ServerOptions.builder()
        .maxHttpBufferSize(500)
        .maxAttachments(2)
        .maxJsonDepth(8)
        .httpLimits(new HttpServerLimits(2048, 8192, Duration.ofSeconds(1), Duration.ofSeconds(4)))
        .engine(e -> e.outboundQueueMaxBytes(64_000))
        .build();
    assertThat(options.limits().maxHttpBufferSize()).isEqualTo(500);
    assertThat(options.limits().maxAttachments()).isEqualTo(2);
    assertThat(options.limits().maxJsonDepth()).isEqualTo(8);
    assertThat(options.limits().maxInitialLineLength()).isEqualTo(2048);
    assertThat(options.limits().bodyTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(options.limits().outboundQueueMaxBytes()).isEqualTo(64_000);
    assertThat(options.codecLimits().maxAttachmentBytes()).isEqualTo(500);
  }

  @Test
  void invalidLimitsAreRefusedByName() {
    assertThatThrownBy(() -> Limits.builder().maxHttpBufferSize(0).build()).hasMessageContaining("maxHttpBufferSize");
    assertThatThrownBy(() -> Limits.builder().maxConnectionsPerIp(-1).build())
        .hasMessageContaining("maxConnectionsPerIp");
    assertThatThrownBy(() -> Limits.builder().eventBurst(0).build()).hasMessageContaining("eventBurst");
    assertThatThrownBy(() -> Limits.builder().maxJsonDepth(1).build()).hasMessageContaining("maxJsonDepth");
    assertThatThrownBy(() -> Limits.builder().headerTimeout(Duration.ZERO).build())
        .hasMessageContaining("headerTimeout");
    assertThatThrownBy(() -> ServerOptions.builder().maxAttachments(-1).build()).hasMessageContaining("maxAttachments");
  }

  @Test
  void capsAndRatesCanBeTurnedOff() {
    Limits off = Limits.builder().maxConnectionsPerIp(Limits.OFF).eventsPerSecondPerSocket(Limits.OFF).build();
    assertThat(off.maxConnectionsPerIp()).isZero();
    assertThat(off.eventsPerSecondPerSocket()).isZero();
  }
}
