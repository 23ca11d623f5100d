/**
 * The adapter SPI: where a namespace keeps its rooms, and how its broadcasts and server utilities reach sockets,
 * on this node ({@link dev.parley.socketio.adapter.InMemoryAdapter}) or across a cluster.
 *
 * <p>Rules for implementations, as numbered MUSTs:
 * <ol>
 *   <li>Every method MUST return at once: it is called on Netty event loops. Slow work (network) is asynchronous and
 *       reported through the returned {@link java.util.concurrent.CompletionStage}.</li>
 *   <li>Methods MUST be safe to call from any thread, concurrently: sockets of one namespace live on several
 *       event loops.</li>
 *   <li>A broadcast MUST be encoded once: hand the packet and the recipients to
 *       {@link dev.parley.socketio.adapter.AdapterContext#deliver}, never one packet per socket.</li>
 *   <li>Data from other nodes MUST be parsed as data (JSON or MessagePack into plain values), never with Java
 *       serialization, and a malformed message MUST be logged and dropped, never thrown at the caller.</li>
 * </ol>
 */
package dev.parley.socketio.adapter;
