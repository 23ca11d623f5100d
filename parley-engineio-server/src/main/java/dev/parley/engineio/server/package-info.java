/**
 * The Engine.IO v4 server API: options, sessions and their lifecycle, with no Netty type in any signature.
 *
 * <p>An {@link dev.parley.engineio.server.EngineServer} owns the sessions; a
 * {@link dev.parley.engineio.server.EngineHttpServer} listens on a port and routes the requests under
 * {@link dev.parley.engineio.server.EngineOptions#path()} to it. Each session lives on one Netty event loop for its
 * whole life: its state, its timers and the callbacks of its
 * {@link dev.parley.engineio.server.EngineSocketHandler} all run there.
 *
 * @see <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md">Engine.IO
 *     protocol, revision 4</a>
 */
package dev.parley.engineio.server;
