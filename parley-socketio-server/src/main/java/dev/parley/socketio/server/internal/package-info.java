/**
 * The Socket.IO server's implementation. Not an API.
 *
 * <p>Threading: a {@link dev.parley.socketio.server.internal.Client} and its sockets' acknowledgements and timers
 * are confined to the connection's event loop; listener lists are copy-on-write so they can be changed from any
 * thread; room membership goes through the adapter's concurrent maps under each socket's lock.
 */
package dev.parley.socketio.server.internal;
