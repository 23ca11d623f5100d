package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.adapter.SocketDetails;
import java.util.List;
import java.util.Objects;

/**
 * An answer to a request of another node, sent to that node only (the reference's {@code ClusterResponse}).
 */
public sealed interface ClusterResponse extends ClusterMessage permits ClusterResponse.FetchSocketsResponse,
    ClusterResponse.ServerSideEmitResponse, ClusterResponse.BroadcastClientCount, ClusterResponse.BroadcastAck {

  /** The request this answers. */
  String requestId();

  /** The sockets of the answering node that the request targeted. */
  record FetchSocketsResponse(String uid, String nsp, String requestId, List<SocketDetails> sockets)
      implements ClusterResponse {
    public FetchSocketsResponse {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(requestId, "requestId");
      sockets = List.copyOf(sockets);
    }

    @Override
    public MessageType type() {
      return MessageType.FETCH_SOCKETS_RESPONSE;
    }
  }

  /** A server-side listener's answer (one value, as in the reference). */
  record ServerSideEmitResponse(String uid, String nsp, String requestId, JsonNode value)
      implements ClusterResponse {
    public ServerSideEmitResponse {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public MessageType type() {
      return MessageType.SERVER_SIDE_EMIT_RESPONSE;
    }
  }

  /** How many of the answering node's sockets a broadcast with acknowledgements reached. */
  record BroadcastClientCount(String uid, String nsp, String requestId, int clientCount)
      implements ClusterResponse {
    public BroadcastClientCount {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(requestId, "requestId");
      if (clientCount < 0) {
        throw new IllegalArgumentException("clientCount must be >= 0");
      }
    }

    @Override
    public MessageType type() {
      return MessageType.BROADCAST_CLIENT_COUNT;
    }
  }

  /**
   * One client's acknowledgement of a broadcast.
   *
   * @param args the acknowledgement's arguments; on the wire only the first travels, as in the reference
   */
  record BroadcastAck(String uid, String nsp, String requestId, ArrayNode args) implements ClusterResponse {
    public BroadcastAck {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(args, "args");
    }

    @Override
    public MessageType type() {
      return MessageType.BROADCAST_ACK;
    }
  }
}
