/**
 * The Parley Socket.IO server API: namespaces, sockets, rooms, acknowledgements and broadcasts, with no Netty type in
 * any signature.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder().port(3000).build();
 * io.on("connection", socket -> {
 *   socket.on("chat", (args, ack) -> {
 *     ChatMessage message = args.get(0, ChatMessage.class);
 *     io.to("room").except(socket.id()).emit("chat", message);
 *     ack.send("ok");
 *   });
 * });
 * io.start();
 * }</pre>
 *
 * <p>Threading: a socket lives on its connection's event loop. Its handlers run there by default (they must not
 * block), or, one at a time per socket, on the handler executor when one is configured. Every method of the API may
 * be called from any thread.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/socket.io-protocol/v5-current.md">Socket.IO
 *     protocol, revision 5</a>
 */
package dev.parley.socketio.server;
