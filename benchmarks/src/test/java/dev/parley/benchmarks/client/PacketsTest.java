package dev.parley.benchmarks.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketsTest {
  private static final byte[] T = Packets.ascii("\"t\"");

  private static ByteBuf buf(String s) {
    return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsTheTimestampInCompactJson() {
    ByteBuf b = buf("2[\"bench\",{\"t\":123456789,\"s\":4}]");
    assertThat(Packets.startsWith(b, Packets.ascii("2[\"bench\""))).isTrue();
    assertThat(Packets.findLong(b, 9, T)).isEqualTo(123456789L);
  }

  @Test
  void findsTheTimestampWithBlanksAroundTheColon() {
    assertThat(Packets.findLong(buf("2[\"bench\", {\"s\": 4, \"t\" :  77}]"), 0, T)).isEqualTo(77L);
  }

  @Test
  void reportsAMissingOrNonNumericTimestamp() {
    assertThat(Packets.findLong(buf("2[\"bench\",{\"s\":4}]"), 0, T)).isEqualTo(Packets.MISSING);
    assertThat(Packets.findLong(buf("2[\"bench\",{\"t\":\"x\"}]"), 0, T)).isEqualTo(Packets.MISSING);
    assertThat(Packets.findLong(buf("2[\"bench\",{\"t\"}]"), 0, T)).isEqualTo(Packets.MISSING);
  }

  @Test
  void parsesNegativeNumbers() {
    assertThat(Packets.findLong(buf("{\"t\":-5}"), 0, T)).isEqualTo(-5L);
  }

  @Test
  void respectsTheReaderIndex() {
    ByteBuf b = buf("42[\"bench\",{\"t\":9}]");
    b.readerIndex(1);
    assertThat(Packets.startsWith(b, Packets.ascii("2[\"bench\""))).isTrue();
  }

  @Test
  void startsWithIsFalseForShortBuffers() {
    assertThat(Packets.startsWith(buf("2["), Packets.ascii("2[\"bench\""))).isFalse();
  }

  @Test
  void readsAckIds() {
    ByteBuf ack = buf("312[{\"p\":\"e\"}]");
    assertThat(Packets.ackId(ack)).isEqualTo(12L);
    assertThat(ack.toString(Packets.afterAckId(ack), 3, StandardCharsets.UTF_8)).isEqualTo("[{\"");
    assertThat(Packets.ackId(buf("3[]"))).isEqualTo(-1L);
  }

  @Test
  void splitsPollingPayloads() {
    List<String> parts = new ArrayList<>();
    Packets.forEachPacket(buf("2\u001e42[\"bench\",{}]\u001e\u001e40{\"sid\":\"a\"}"),
        p -> parts.add(p.toString(StandardCharsets.UTF_8)));
    assertThat(parts).containsExactly("2", "42[\"bench\",{}]", "40{\"sid\":\"a\"}");
  }

  @Test
  void splitsASinglePacketPayload() {
    List<String> parts = new ArrayList<>();
    Packets.forEachPacket(buf("6"), p -> parts.add(p.toString(StandardCharsets.UTF_8)));
    assertThat(parts).containsExactly("6");
  }

  @Test
  void readsTheSidOfAnOpenPacket() {
    assertThat(Packets.sid("0{\"sid\":\"abc-1\",\"upgrades\":[]}")).isEqualTo("abc-1");
    assertThat(Packets.sid("0{\"sid\": \"x\"}")).isEqualTo("x");
    assertThat(Packets.sid("0{}")).isNull();
  }

  @Test
  void buildsQueriesAndSourceAddresses() {
    Target t = Target.loopback(3000);
    assertThat(t.query(Transport.WEBSOCKET, null)).isEqualTo("/socket.io/?EIO=4&transport=websocket");
    assertThat(t.query(Transport.POLLING, "s1")).isEqualTo("/socket.io/?EIO=4&transport=polling&sid=s1");
    assertThat(t.local(5)).isNull();
    assertThat(Transport.parse("WS")).isEqualTo(Transport.WEBSOCKET);
  }
}
