/**
 * Engine.IO v4 packets and payloads, as the
 * <a href="https://github.com/socketio/socket.io/blob/main/docs/engine.io-protocol/v4-current.md">Engine.IO
 * protocol, revision 4</a> defines them.
 *
 * <p>This package depends on the JDK only, so that transports, load generators and fuzzers can share one
 * definition of the wire format. Every malformed input ends in an {@link dev.parley.engineio.codec.EngineProtocolException};
 * no other exception escapes the decoders.
 */
package dev.parley.engineio.codec;
