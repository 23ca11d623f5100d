package dev.parley.engineio.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketFrameHandlerTest {
  private static final int MAX = 64;

  private final List<String> texts = new ArrayList<>();
  private final List<byte[]> binaries = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private EmbeddedChannel channel;

  private final WebSocketFrameHandler.Listener listener = new WebSocketFrameHandler.Listener() {
    @Override
    public void onText(String text) {
      texts.add(text);
    }

    @Override
    public void onBinary(byte[] data) {
      binaries.add(data);
    }

    @Override
    public void onClosed(String detail) {
    }

    @Override
    public void onProtocolError(String detail) {
      errors.add(detail);
    }
  };

  @BeforeEach
  void setUp() {
    channel = new EmbeddedChannel(new WebSocketFrameHandler(listener, MAX));
  }

  @Test
  void deliversTextWithMultiByteCharacters() {
    channel.writeInbound(new TextWebSocketFrame("4héllo €😀"));
    assertThat(texts).containsExactly("4héllo €😀");
    assertThat(errors).isEmpty();
  }

  @Test
  void deliversARealReplacementCharacter() {
    channel.writeInbound(new TextWebSocketFrame("4a\uFFFDb"));
    assertThat(texts).containsExactly("4a\uFFFDb");
  }

  @Test
  void joinsACharacterSplitAcrossFragments() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'4', euro[0]})));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(euro, 1, 2)));
    assertThat(texts).containsExactly("4€");
  }

  @Test
  void closesWith1007OnInvalidUtf8() {
    channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'4', (byte) 0xC3, '('})));
    assertInvalidPayloadClose();
  }

  @Test
  void rejectsAnEncodedSurrogate() {
    channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'4', (byte) 0xED, (byte) 0xA0,
        (byte) 0x80})));
    assertInvalidPayloadClose();
  }

  @Test
  void rejectsAnOverlongEncoding() {
    channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'4', (byte) 0xC0, (byte) 0xAF})));
    assertInvalidPayloadClose();
  }

  @Test
  void rejectsAMessageEndingInsideACharacter() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] {'4', euro[0]})));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(euro, 1, 1)));
    assertInvalidPayloadClose();
  }

  @Test
  void binaryIsNotCheckedForUtf8() {
    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xC3})));
    assertThat(binaries).hasSize(1);
    assertThat(binaries.get(0)).containsExactly(0xFF, 0xC3);
    assertThat(errors).isEmpty();
  }

  @Test
  void decodesFromDirectBuffers() {
    ByteBuf direct = Unpooled.directBuffer();
    direct.writeCharSequence("4ünï", StandardCharsets.UTF_8);
    channel.writeInbound(new TextWebSocketFrame(direct));
    assertThat(texts).containsExactly("4ünï");
  }

  @Test
  void closesWith1009WhenFragmentsExceedTheLimit() {
    channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[MAX - 1])));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[2])));
    assertClose(WebSocketCloseStatus.MESSAGE_TOO_BIG);
    assertThat(texts).isEmpty();
  }

  @Test
  void answersPingWithPongOfTheSamePayload() {
    channel.writeInbound(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
    PongWebSocketFrame pong = channel.readOutbound();
    assertThat(ByteBufUtilBytes.of(pong.content())).containsExactly(1, 2, 3);
    pong.release();
  }

  @Test
  void continuationWithoutStartIsAProtocolError() {
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {'x'})));
    assertClose(WebSocketCloseStatus.PROTOCOL_ERROR);
  }

  @Test
  void reservedBitsWithoutAnExtensionAreAProtocolError() {
    // Autobahn 3.1: with permessage-deflate allowed, Netty's decoder passes RSV bits on; no extension claimed them
    channel.writeInbound(new TextWebSocketFrame(true, 4, Unpooled.copiedBuffer("4x", StandardCharsets.UTF_8)));
    assertClose(WebSocketCloseStatus.PROTOCOL_ERROR);
    assertThat(texts).isEmpty();
  }

  @Test
  void reservedBitsOnAControlFrameAreAProtocolError() {
    // as Autobahn's 3.7 sends it: a ping with RSV 7 gets no pong, it fails the connection
    channel.writeInbound(new PingWebSocketFrame(true, 7, Unpooled.wrappedBuffer(new byte[] {1})));
    assertClose(WebSocketCloseStatus.PROTOCOL_ERROR);
  }

  @Test
  void aMessageMayHaveAsManyFramesAsTheFrameCap() {
    channel = new EmbeddedChannel(new WebSocketFrameHandler(listener, MAX, 3));
    channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("4a", StandardCharsets.UTF_8)));
    channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.copiedBuffer("b", StandardCharsets.UTF_8)));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("c", StandardCharsets.UTF_8)));
    assertThat(texts).containsExactly("4abc");
    assertThat(errors).isEmpty();
  }

  @Test
  void oneFrameOverTheFrameCapIsClosedWith1009() {
    channel = new EmbeddedChannel(new WebSocketFrameHandler(listener, MAX, 3));
    channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer("4a", StandardCharsets.UTF_8)));
    channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.EMPTY_BUFFER));
    channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.EMPTY_BUFFER));
    channel.writeInbound(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer("c", StandardCharsets.UTF_8)));
    assertClose(WebSocketCloseStatus.MESSAGE_TOO_BIG);
    assertThat(texts).isEmpty();
  }

  private void assertInvalidPayloadClose() {
    assertClose(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
    assertThat(texts).isEmpty();
  }

  private void assertClose(WebSocketCloseStatus status) {
    CloseWebSocketFrame close = channel.readOutbound();
    assertThat(close).isNotNull();
    assertThat(close.statusCode()).isEqualTo(status.code());
    close.release();
    assertThat(errors).hasSize(1);
    assertThat(channel.isOpen()).isFalse();
  }

  /** Copies a buffer's readable bytes without moving its reader index. */
  private static final class ByteBufUtilBytes {
    static byte[] of(ByteBuf buf) {
      return io.netty.buffer.ByteBufUtil.getBytes(buf);
    }
  }
}
