/**
 * Socket.IO v5 packets, as the
 * <a href="https://github.com/socketio/socket.io/blob/main/docs/socket.io-protocol/v5-current.md">Socket.IO
 * protocol, revision 5</a> defines them, with binary attachments.
 *
 * <p>Payloads stay a neutral Jackson tree ({@link com.fasterxml.jackson.databind.JsonNode}); binding to application
 * types happens later, in the server. Binary attachments are {@link com.fasterxml.jackson.databind.node.BinaryNode}s
 * placed where the sender put them. Every malformed input ends in a
 * {@link dev.parley.socketio.codec.SocketProtocolException}.
 */
package dev.parley.socketio.codec;
