/**
 * The Netty embedding of the Engine.IO server: a ready-made HTTP server, and the channel initializer to put Parley
 * in a Netty server of your own, next to your own HTTP handlers.
 *
 * <p>This is the one public package that names Netty types, on purpose: it is where an application that already
 * uses Netty plugs in. Everything else in the API is Netty-free.
 */
package dev.parley.engineio.server.netty;
