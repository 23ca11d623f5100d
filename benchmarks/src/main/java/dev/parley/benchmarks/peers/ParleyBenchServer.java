package dev.parley.benchmarks.peers;

/**
 * PARLEY-PEER PLACEHOLDER: the Parley server under test. Not runnable yet; its registry entry ("parley" in
 * {@code peers/peers.json}) is disabled until this class is filled in.
 *
 * <p>To enable it once {@code dev.parley.socketio.server} exists:
 * <ol>
 *   <li>add the {@code dev.parley:parley-socketio-server} dependency to {@code benchmarks/pom.xml} (marked
 *       {@code PARLEY-PEER});</li>
 *   <li>implement {@link #main}: parse {@code --port} (and {@code --host}, default {@code 127.0.0.1}), start a
 *       server on namespace {@code /} accepting direct WebSocket connections and polling, with default heartbeats,
 *       and the contract:
 *     <ul>
 *       <li>{@code join(room, ack)}: join the room, then call the ack (any arguments);</li>
 *       <li>{@code bench(data)}: broadcast {@code data} unchanged to room {@code bench} as event {@code bench};</li>
 *       <li>{@code echo(data, ack)}: call the ack with {@code data} unchanged;</li>
 *     </ul>
 *     print one line when listening and block until SIGTERM (a shutdown hook closing the server);</li>
 *   <li>set {@code "enabled": true} on the {@code parley} entry of {@code peers/peers.json}. The report uses the
 *       peer named {@code parley} as the baseline of every ratio.</li>
 * </ol>
 */
public final class ParleyBenchServer {
  private ParleyBenchServer() {}

  public static void main(String[] args) {
    System.err.println("ParleyBenchServer is a placeholder: the Parley server API does not exist yet "
        + "(see the class comment).");
    System.exit(3);
  }
}
