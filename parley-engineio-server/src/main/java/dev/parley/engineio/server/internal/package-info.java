/**
 * The Engine.IO implementation: sessions, transports and the Netty handlers that feed them.
 *
 * <p>Not an API: other Parley modules use it (the Socket.IO server writes prepared frames through it), applications
 * must not. Threading rule for everything here: a session's fields are touched only on its event loop
 * ({@code EngineSession.loop}); handlers hand work to that loop when a request arrives on another one.
 */
package dev.parley.engineio.server.internal;
