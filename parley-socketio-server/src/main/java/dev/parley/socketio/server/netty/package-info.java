/**
 * The Netty embedding of the Socket.IO server: to serve your own HTTP routes from the same port, or to run the server
 * in a Netty pipeline of your own. The one package of this module that names Netty types, on purpose.
 */
package dev.parley.socketio.server.netty;
