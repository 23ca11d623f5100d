package dev.parley.socketio.adapter.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.socketio.adapter.BroadcastOptions;
import dev.parley.socketio.codec.SocketPacket;
import java.util.List;
import java.util.Objects;

/**
 * A message between the nodes of a cluster: one record per {@link MessageType}, as the reference's
 * {@code ClusterMessage} union. Every message names its sender ({@code uid}) and its namespace ({@code nsp}); the
 * answers to requests are the {@link ClusterResponse}s.
 *
 * <p>Messages are plain values built from parsed JSON or MessagePack, never from Java serialization. A backend turns
 * them into bytes with {@link ClusterMessageCodec} (the reference's format) or its own wire format.
 */
public sealed interface ClusterMessage permits ClusterMessage.InitialHeartbeat, ClusterMessage.Heartbeat,
    ClusterMessage.AdapterClose, ClusterMessage.Broadcast, ClusterMessage.SocketsJoin, ClusterMessage.SocketsLeave,
    ClusterMessage.DisconnectSockets, ClusterMessage.FetchSockets, ClusterMessage.ServerSideEmit, ClusterResponse {

  /** The sender's id ({@code "emitter"} for an emitter, which is not a node). */
  String uid();

  /** The namespace the message is about. */
  String nsp();

  MessageType type();

  /** A node has started and asks the others to make themselves known. */
  record InitialHeartbeat(String uid, String nsp) implements ClusterMessage {
    public InitialHeartbeat {
      Envelope.check(uid, nsp);
    }

    @Override
    public MessageType type() {
      return MessageType.INITIAL_HEARTBEAT;
    }
  }

  /** A node is alive. */
  record Heartbeat(String uid, String nsp) implements ClusterMessage {
    public Heartbeat {
      Envelope.check(uid, nsp);
    }

    @Override
    public MessageType type() {
      return MessageType.HEARTBEAT;
    }
  }

  /** A node's adapter is closing: stop counting it. */
  record AdapterClose(String uid, String nsp) implements ClusterMessage {
    public AdapterClose {
      Envelope.check(uid, nsp);
    }

    @Override
    public MessageType type() {
      return MessageType.ADAPTER_CLOSE;
    }
  }

  /**
   * A broadcast for the other nodes' sockets.
   *
   * @param packet the EVENT packet (its ack id is not sent: each node numbers its own)
   * @param requestId set when the broadcast asks for acknowledgements, {@code null} otherwise
   */
  record Broadcast(String uid, String nsp, SocketPacket packet, BroadcastOptions options, String requestId)
      implements ClusterMessage {
    public Broadcast {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(packet, "packet");
      Objects.requireNonNull(options, "options");
    }

    @Override
    public MessageType type() {
      return MessageType.BROADCAST;
    }
  }

  /** The targeted sockets join rooms. */
  record SocketsJoin(String uid, String nsp, BroadcastOptions options, List<String> rooms)
      implements ClusterMessage {
    public SocketsJoin {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(options, "options");
      rooms = List.copyOf(rooms);
    }

    @Override
    public MessageType type() {
      return MessageType.SOCKETS_JOIN;
    }
  }

  /** The targeted sockets leave rooms. */
  record SocketsLeave(String uid, String nsp, BroadcastOptions options, List<String> rooms)
      implements ClusterMessage {
    public SocketsLeave {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(options, "options");
      rooms = List.copyOf(rooms);
    }

    @Override
    public MessageType type() {
      return MessageType.SOCKETS_LEAVE;
    }
  }

  /** The targeted sockets are disconnected; {@code close} also closes their connections. */
  record DisconnectSockets(String uid, String nsp, BroadcastOptions options, boolean close)
      implements ClusterMessage {
    public DisconnectSockets {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(options, "options");
    }

    @Override
    public MessageType type() {
      return MessageType.DISCONNECT_SOCKETS;
    }
  }

  /** Asks every node to describe its targeted sockets; answered by {@link ClusterResponse.FetchSocketsResponse}. */
  record FetchSockets(String uid, String nsp, BroadcastOptions options, String requestId)
      implements ClusterMessage {
    public FetchSockets {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(requestId, "requestId");
    }

    @Override
    public MessageType type() {
      return MessageType.FETCH_SOCKETS;
    }
  }

  /**
   * An event for the other nodes' server-side listeners.
   *
   * @param args the event name followed by its arguments
   * @param requestId set when answers are expected ({@link ClusterResponse.ServerSideEmitResponse}), or {@code null}
   */
  record ServerSideEmit(String uid, String nsp, ArrayNode args, String requestId) implements ClusterMessage {
    public ServerSideEmit {
      Envelope.check(uid, nsp);
      Objects.requireNonNull(args, "args");
    }

    @Override
    public MessageType type() {
      return MessageType.SERVER_SIDE_EMIT;
    }
  }
}
