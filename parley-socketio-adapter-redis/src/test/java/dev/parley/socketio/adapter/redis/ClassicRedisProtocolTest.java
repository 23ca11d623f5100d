package dev.parley.socketio.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.socketio.adapter.BroadcastFlags;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.adapter.SocketDetails;
import dev.parley.socketio.adapter.cluster.ClusterAdapter;
import dev.parley.socketio.adapter.cluster.ClusterMessage;
import dev.parley.socketio.adapter.cluster.ClusterResponse;
import dev.parley.socketio.adapter.cluster.MalformedMessageException;
import dev.parley.socketio.adapter.cluster.MessagePack;
import dev.parley.socketio.adapter.cluster.MessageType;
import dev.parley.socketio.adapter.cluster.WireFormat;
import dev.parley.socketio.codec.SocketPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The classic wire format, message by message, as {@code @socket.io/redis-adapter} 8.3's {@code lib/index.ts} and
 * {@code @socket.io/redis-emitter} 5.1 write and read it.
 */
class ClassicRedisProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ClassicRedisProtocol protocol = new ClassicRedisProtocol(WireFormat.defaults(), "k", "/");
  private final ArrayNode event = JsonNodeFactory.instance.arrayNode().add("news").add(1);

  private static JsonNode json(byte[] bytes) throws Exception {
    assertThat(bytes[0]).as("a JSON message").isEqualTo((byte) '{');
    return JSON.readTree(bytes);
  }

  private static JsonNode msgpack(byte[] bytes) throws MalformedMessageException {
    assertThat(bytes[0]).as("a MessagePack message").isNotEqualTo((byte) '{');
    return MessagePack.decode(bytes, 32);
  }

  @Test
  void aBroadcastIsUidPacketOptsInMessagePackOnTheRoomChannelForOneRoom() throws Exception {
    ClusterMessage.Broadcast one = new ClusterMessage.Broadcast("u1", "/", SocketPacket.event("/", event),
        new BroadcastOptions(Set.of("r1"), Set.of(), BroadcastFlags.DEFAULT.withVolatile(true)), null);
    ClassicRedisProtocol.Publication p = protocol.encode(one);
    assertThat(p.channel()).isEqualTo("k#/#r1#");
    assertThat(msgpack(p.payload())).isEqualTo(JSON.readTree("[\"u1\",{\"type\":2,\"data\":[\"news\",1],"
        + "\"nsp\":\"/\"},{\"rooms\":[\"r1\"],\"except\":[],\"flags\":{\"volatile\":true}}]"));

    ClusterMessage.Broadcast two = new ClusterMessage.Broadcast("u1", "/", SocketPacket.event("/", event),
        new BroadcastOptions(Set.of("r1", "r2"), Set.of("x"), BroadcastFlags.DEFAULT), null);
    assertThat(protocol.encode(two).channel()).isEqualTo("k#/#");
    assertThat(protocol.encode(new ClusterMessage.Broadcast("u1", "/", SocketPacket.event("/", event),
        BroadcastOptions.all(), null)).channel()).isEqualTo("k#/#");
  }

  @Test
  void requestsAreJsonWithTheReferenceTypes() throws Exception {
    BroadcastOptions opts = new BroadcastOptions(Set.of("a"), Set.of("b"), BroadcastFlags.DEFAULT);
    assertThat(json(protocol.encode(new ClusterMessage.FetchSockets("u1", "/", opts, "q1")).payload()))
        .isEqualTo(JSON.readTree("{\"uid\":\"u1\",\"requestId\":\"q1\",\"type\":5,"
            + "\"opts\":{\"rooms\":[\"a\"],\"except\":[\"b\"]}}"));
    assertThat(json(protocol.encode(new ClusterMessage.SocketsJoin("u1", "/", opts, List.of("j"))).payload()))
        .isEqualTo(JSON.readTree("{\"uid\":\"u1\",\"type\":2,\"opts\":{\"rooms\":[\"a\"],\"except\":[\"b\"]},"
            + "\"rooms\":[\"j\"]}"));
    assertThat(json(protocol.encode(new ClusterMessage.SocketsLeave("u1", "/", opts, List.of("j"))).payload())
        .get("type").asInt()).isEqualTo(3);
    assertThat(json(protocol.encode(new ClusterMessage.DisconnectSockets("u1", "/", opts, true)).payload()))
        .isEqualTo(JSON.readTree("{\"uid\":\"u1\",\"type\":4,\"opts\":{\"rooms\":[\"a\"],\"except\":[\"b\"]},"
            + "\"close\":true}"));
    assertThat(json(protocol.encode(new ClusterMessage.ServerSideEmit("u1", "/", event, null)).payload()))
        .isEqualTo(JSON.readTree("{\"uid\":\"u1\",\"type\":6,\"data\":[\"news\",1]}"));
    ClassicRedisProtocol.Publication withAck = protocol.encode(new ClusterMessage.Broadcast("u1", "/",
        SocketPacket.event("/", event), opts, "q2"));
    assertThat(withAck.channel()).isEqualTo("k-request#/#");
    assertThat(msgpack(withAck.payload())).isEqualTo(JSON.readTree("{\"uid\":\"u1\",\"requestId\":\"q2\","
        + "\"type\":7,\"packet\":{\"type\":2,\"data\":[\"news\",1],\"nsp\":\"/\"},"
        + "\"opts\":{\"rooms\":[\"a\"],\"except\":[\"b\"],\"flags\":{}}}"));
    // the classic protocol has no heartbeats: nodes are counted with PUBSUB NUMSUB
    assertThat(protocol.encode(new ClusterMessage.Heartbeat("u1", "/"))).isNull();
  }

  @Test
  void answersTakeTheReferenceShapesAndChannels() throws Exception {
    SocketDetails socket = new SocketDetails("s1", JsonNodeFactory.instance.objectNode(), Set.of("s1"),
        TextNode.valueOf("d"));
    ClassicRedisProtocol.Publication fetched = protocol.encodeResponse("req",
        new ClusterResponse.FetchSocketsResponse("u1", "/", "q", List.of(socket)), false);
    assertThat(fetched.channel()).isEqualTo("k-response#/#");
    assertThat(json(fetched.payload())).isEqualTo(JSON.readTree("{\"requestId\":\"q\",\"sockets\":[{\"id\":\"s1\","
        + "\"handshake\":{},\"rooms\":[\"s1\"],\"data\":\"d\"}]}"));
    assertThat(protocol.encodeResponse("req", new ClusterResponse.FetchSocketsResponse("u1", "/", "q", List.of()),
        true).channel()).isEqualTo("k-response#/#req#");

    // a server-side emit's answer always goes to the shared channel, as the reference publishes it
    ClassicRedisProtocol.Publication answer = protocol.encodeResponse("req",
        new ClusterResponse.ServerSideEmitResponse("u1", "/", "q", TextNode.valueOf("pong")), true);
    assertThat(answer.channel()).isEqualTo("k-response#/#");
    assertThat(json(answer.payload())).isEqualTo(JSON.readTree("{\"type\":6,\"requestId\":\"q\",\"data\":\"pong\"}"));

    assertThat(json(protocol.encodeResponse("req", new ClusterResponse.BroadcastClientCount("u1", "/", "q", 3),
        false).payload())).isEqualTo(JSON.readTree("{\"type\":8,\"requestId\":\"q\",\"clientCount\":3}"));
    assertThat(msgpack(protocol.encodeResponse("req", new ClusterResponse.BroadcastAck("u1", "/", "q",
        JsonNodeFactory.instance.arrayNode().add("yes").add("ignored")), false).payload()))
        .isEqualTo(JSON.readTree("{\"type\":9,\"requestId\":\"q\",\"packet\":\"yes\"}"));
  }

  @Test
  void readsTheEmittersMessages() throws Exception {
    // @socket.io/redis-emitter: [UID, packet, opts] with opts' keys in its own order, requests without a uid
    byte[] broadcast = MessagePack.encode(JSON.readTree("[\"emitter\",{\"type\":2,\"data\":[\"e\",{\"a\":1}],"
        + "\"nsp\":\"/\"},{\"rooms\":[\"r\"],\"flags\":{\"compress\":false},\"except\":[]}]"));
    ClusterMessage.Broadcast decoded = protocol.decodeBroadcast(broadcast);
    assertThat(decoded.uid()).isEqualTo(ClusterAdapter.EMITTER_UID);
    assertThat(decoded.options().rooms()).containsExactly("r");
    assertThat(decoded.options().flags().compress()).isFalse();

    Object join = protocol.decodeRequest(("{\"type\":2,\"opts\":{\"rooms\":[\"r\"],\"except\":[]},\"rooms\":[\"j\"]}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(join).isInstanceOf(ClusterMessage.SocketsJoin.class);
    assertThat(((ClusterMessage) join).uid()).isEqualTo(ClusterAdapter.EMITTER_UID);

    // a broadcast of another namespace is not this adapter's
    byte[] admin = MessagePack.encode(JSON.readTree("[\"emitter\",{\"type\":2,\"data\":[\"e\"],\"nsp\":\"/admin\"},"
        + "{\"rooms\":[],\"except\":[]}]"));
    assertThat(protocol.decodeBroadcast(admin)).isNull();
  }

  @Test
  void typesUntypedAnswersWithWhatThisNodeAsked() throws Exception {
    JsonNode sockets = JSON.readTree("{\"requestId\":\"q\",\"sockets\":[{\"id\":\"s\",\"handshake\":{},"
        + "\"rooms\":[\"s\"]}]}");
    assertThat(protocol.decodeResponse(sockets, MessageType.FETCH_SOCKETS))
        .isInstanceOf(ClusterResponse.FetchSocketsResponse.class);
    assertThat(protocol.decodeResponse(sockets, null)).isNull();
    assertThat(protocol.decodeResponse(JSON.readTree("{\"type\":8,\"requestId\":\"q\",\"clientCount\":2}"),
        MessageType.BROADCAST)).isEqualTo(new ClusterResponse.BroadcastClientCount("?", "/", "q", 2));
    assertThatThrownBy(() -> protocol.decodeResponse(JSON.readTree("{\"type\":8,\"requestId\":\"q\","
        + "\"clientCount\":\"many\"}"), MessageType.BROADCAST)).isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void channelNamesAreTheReferences() {
    assertThat(RedisChannels.broadcast("socket.io", "/admin")).isEqualTo("socket.io#/admin#");
    assertThat(RedisChannels.room("socket.io", "/", "r")).isEqualTo("socket.io#/#r#");
    assertThat(RedisChannels.request("socket.io", "/")).isEqualTo("socket.io-request#/#");
    assertThat(RedisChannels.response("socket.io", "/")).isEqualTo("socket.io-response#/#");
    assertThat(RedisChannels.response("socket.io", "/", "abc")).isEqualTo("socket.io-response#/#abc#");
    assertThat(RedisChannels.shardedResponse("socket.io", "/", "abc")).isEqualTo("socket.io#/#abc#");
    assertThat(RedisChannels.broadcastPattern("a*b", "/")).isEqualTo("a\\*b#/#*");
  }
}
