package dev.parley.socketio.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterMessage.Broadcast;
import dev.parley.socketio.adapter.cluster.ClusterResponse.BroadcastAck;
import dev.parley.socketio.adapter.cluster.ClusterResponse.FetchSocketsResponse;
import dev.parley.socketio.codec.SocketPacket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference's message format: shapes as socket.io-adapter's {@code ClusterAdapter} writes them. */
class ClusterMessageCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ClusterMessageCodec codec = new ClusterMessageCodec(WireFormat.defaults());

  @Test
  void aBroadcastIsTheReferenceShape() throws Exception {
    ArrayNode data = JsonNodeFactory.instance.arrayNode().add("news").add(1);
    Broadcast broadcast = new Broadcast("abc", "/", SocketPacket.event("/", data),
        new BroadcastOptions(Set.of("r1"), Set.of("r2"), BroadcastFlags.DEFAULT.withVolatile(true)
            .withTimeout(Duration.ofSeconds(2))), null);

    byte[] bytes = codec.encode(broadcast);

    assertThat(bytes[0]).isEqualTo((byte) '{');
    assertThat(JSON.readTree(bytes)).isEqualTo(JSON.readTree("{\"uid\":\"abc\",\"nsp\":\"/\",\"type\":3,"
        + "\"data\":{\"opts\":{\"rooms\":[\"r1\"],\"except\":[\"r2\"],\"flags\":{\"volatile\":true,\"timeout\":2000}},"
        + "\"packet\":{\"type\":2,\"data\":[\"news\",1],\"nsp\":\"/\"}}}"));
    assertThat(codec.decode(bytes)).isEqualTo(broadcast);
  }

  @Test
  void binaryDataTravelsAsMessagePack() throws Exception {
    ArrayNode data = JsonNodeFactory.instance.arrayNode().add("file").add(new byte[] {1, 2, 3});
    Broadcast broadcast = new Broadcast("abc", "/", SocketPacket.event("/", data), BroadcastOptions.all(), "req");

    byte[] bytes = codec.encode(broadcast);

    assertThat(bytes[0]).isNotEqualTo((byte) '{');
    Broadcast decoded = (Broadcast) codec.decode(bytes);
    assertThat(decoded.packet().data().get(1).binaryValue()).containsExactly(1, 2, 3);
    assertThat(decoded.requestId()).isEqualTo("req");
  }

  @Test
  void readsMessagesAsTheReferenceWritesThem() throws Exception {
    // FETCH_SOCKETS_RESPONSE as a Node node answers (socket.data undefined: no key)
    String response = "{\"uid\":\"n1\",\"nsp\":\"/\",\"type\":8,\"data\":{\"requestId\":\"q\",\"sockets\":[{\"id\":"
        + "\"s1\",\"handshake\":{\"address\":\"::1\",\"query\":{}},\"rooms\":[\"s1\",\"room\"]}]}}";
    FetchSocketsResponse fetched = (FetchSocketsResponse) codec.decode(response.getBytes(StandardCharsets.UTF_8));
    assertThat(fetched.sockets()).extracting(SocketDetails::id).containsExactly("s1");
    assertThat(fetched.sockets().get(0).rooms()).containsExactlyInAnyOrder("s1", "room");
    assertThat(fetched.sockets().get(0).data().isNull()).isTrue();

    // BROADCAST_ACK with the client's first argument
    String ack = "{\"uid\":\"n1\",\"nsp\":\"/\",\"type\":12,\"data\":{\"requestId\":\"q\",\"packet\":\"ok\"}}";
    assertThat(((BroadcastAck) codec.decode(ack.getBytes(StandardCharsets.UTF_8))).args())
        .containsExactly(TextNode.valueOf("ok"));

    // flags: the reference's extra ones (expectSingleResponse) are ignored, compress false is kept
    String join = "{\"uid\":\"n1\",\"nsp\":\"/\",\"type\":4,\"data\":{\"opts\":{\"rooms\":[\"a\"],\"except\":[],"
        + "\"flags\":{\"expectSingleResponse\":true,\"compress\":false}},\"rooms\":[\"b\"]}}";
    ClusterMessage.SocketsJoin decoded = (ClusterMessage.SocketsJoin) codec.decode(
        join.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.rooms()).containsExactly("b");
    assertThat(decoded.options().flags().compress()).isFalse();
  }

  @Test
  void everyTypeRoundTrips() throws Exception {
    BroadcastOptions opts = BroadcastOptions.rooms(Set.of("x"));
    ArrayNode args = JsonNodeFactory.instance.arrayNode().add("e");
    SocketDetails socket = new SocketDetails("s", JsonNodeFactory.instance.objectNode(), Set.of("s"),
        TextNode.valueOf("d"));
    List<ClusterMessage> all = List.of(
        new ClusterMessage.InitialHeartbeat("u", "/"), new ClusterMessage.Heartbeat("u", "/"),
        new ClusterMessage.AdapterClose("u", "/"),
        new ClusterMessage.SocketsJoin("u", "/", opts, List.of("r")),
        new ClusterMessage.SocketsLeave("u", "/", opts, List.of("r")),
        new ClusterMessage.DisconnectSockets("u", "/", opts, true),
        new ClusterMessage.FetchSockets("u", "/", opts, "q"),
        new ClusterMessage.ServerSideEmit("u", "/", args, "q"),
        new FetchSocketsResponse("u", "/", "q", List.of(socket)),
        new ClusterResponse.ServerSideEmitResponse("u", "/", "q", TextNode.valueOf("v")),
        new ClusterResponse.BroadcastClientCount("u", "/", "q", 3),
        new BroadcastAck("u", "/", "q", JsonNodeFactory.instance.arrayNode().add(1)));
    for (ClusterMessage message : all) {
      assertThat(codec.decode(codec.encode(message))).as(message.type().name()).isEqualTo(message);
      assertThat(codec.decode(codec.encodeMessagePack(message))).as(message.type().name()).isEqualTo(message);
    }
  }

  @Test
  void refusesWrongShapes() {
    assertThatThrownBy(() -> codec.decode("{\"uid\":1.5,\"nsp\":\"/\",\"type\":1}".getBytes()))
        .isInstanceOf(MalformedMessageException.class).hasMessageContaining("uid");
    assertThatThrownBy(() -> codec.decode("{\"uid\":\"u\",\"nsp\":\"/\",\"type\":9,\"data\":{\"packet\":[]}}"
        .getBytes())).hasMessageContaining("without an event name");
    assertThatThrownBy(() -> codec.decode("{\"uid\":\"u\",\"nsp\":\"/\",\"type\":2} trailing".getBytes()))
        .isInstanceOf(MalformedMessageException.class);
  }
}
