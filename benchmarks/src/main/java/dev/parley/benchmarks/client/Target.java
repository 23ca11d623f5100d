package dev.parley.benchmarks.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the generated clients connect, and from which loopback source addresses.
 *
 * @param host the server address (loopback only)
 * @param port the server port
 * @param path the Socket.IO path, {@code /socket.io/} by default
 * @param sourceAddresses local addresses used in turn, to go beyond one address's ephemeral ports; empty for the
 *     system's choice
 */
public record Target(String host, int port, String path, List<InetAddress> sourceAddresses) {

  public Target {
    sourceAddresses = List.copyOf(sourceAddresses);
    if (!path.startsWith("/") || !path.endsWith("/")) {
      throw new IllegalArgumentException("path must start and end with '/': " + path);
    }
  }

  public static Target loopback(int port) {
    return new Target("127.0.0.1", port, "/socket.io/", List.of());
  }

  public Target withSourceAddresses(List<InetAddress> addresses) {
    return new Target(host, port, path, addresses);
  }

  public InetSocketAddress remote() {
    return new InetSocketAddress(host, port);
  }

  /** The local address for the {@code index}-th connection, or null to let the system choose. */
  public InetSocketAddress local(int index) {
    if (sourceAddresses.isEmpty()) {
      return null;
    }
    return new InetSocketAddress(sourceAddresses.get(Math.floorMod(index, sourceAddresses.size())), 0);
  }

  /** The request path and query of an Engine.IO request, e.g. {@code /socket.io/?EIO=4&transport=websocket}. */
  public String query(Transport transport, String sid) {
    String q = path + "?EIO=4&transport=" + transport.wireName();
    return sid == null ? q : q + "&sid=" + sid;
  }

  public String hostHeader() {
    return host + ":" + port;
  }
}
