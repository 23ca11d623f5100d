/**
 * The cluster template: what every multi-node adapter shares, so that a backend (Redis pub/sub, sharded pub/sub,
 * streams, a message bus) only moves bytes.
 *
 * <p>{@link dev.parley.socketio.adapter.cluster.ClusterAdapter} implements the semantics of the reference's
 * {@code ClusterAdapter} (socket.io-adapter {@code cluster-adapter.ts}): every operation acts on this node's sockets
 * and publishes a {@link dev.parley.socketio.adapter.cluster.ClusterMessage} for the others; requests
 * ({@code fetchSockets}, {@code serverSideEmit} with answers, broadcasts with acknowledgements) collect
 * {@link dev.parley.socketio.adapter.cluster.ClusterResponse}s until every node answered or the timeout.
 * {@link dev.parley.socketio.adapter.cluster.ClusterAdapterWithHeartbeat} adds node counting by heartbeats for
 * backends that cannot count their subscribers.
 *
 * <p>A message flows like this: {@code broadcast()} on node A delivers to A's sockets (encoding the packet once) and
 * calls {@code doPublish(Broadcast)}; the backend encodes the message once
 * ({@link dev.parley.socketio.adapter.cluster.ClusterMessageCodec}) and publishes it; node B's backend decodes it
 * (bounded, strict: {@link dev.parley.socketio.adapter.cluster.WireFormat},
 * {@link dev.parley.socketio.adapter.cluster.MessagePack}) and calls {@code onMessage}, which delivers to B's sockets,
 * again encoding once. A request carries a {@code requestId}; B answers with {@code doPublishResponse(A.uid, ...)}.
 *
 * <p>Rules, in addition to the SPI's:
 * <ol>
 *   <li>Bytes from the channel MUST go through a decoder that throws
 *       {@link dev.parley.socketio.adapter.cluster.MalformedMessageException}; the backend MUST log (throttled,
 *       {@link dev.parley.socketio.adapter.cluster.ThrottledLog}) and drop such a message.</li>
 *   <li>A backend MUST NOT wait for the broker in any adapter method: publishes complete later, and a publish that
 *       fails is logged, never retried (a broadcast replayed after an outage would be stale).</li>
 *   <li>Application callbacks (answers, server-side events) run on the adapter's scheduler, not the backend's I/O
 *       threads.</li>
 * </ol>
 */
package dev.parley.socketio.adapter.cluster;
