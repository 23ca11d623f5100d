package dev.parley.examroom.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port: what a load balancer is to clients, in a few lines. Clients keep one address
 * while the test moves the target from one node to another, or to nowhere (connections are then closed at once, as
 * a balancer without a healthy node would).
 */
final class LoopbackForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile int target;

  LoopbackForwarder(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "forwarder-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** New connections go to this port; 0 refuses them. Existing connections stay where they are. */
  void retarget(int port) {
    this.target = port;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int port = target;
        if (port == 0) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        try {
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        } catch (IOException e) {
          client.close();
          continue;
        }
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side is gone
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "forwarder-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Cuts every forwarded connection, as a node that vanished from the network would. */
  void severAll() {
    sockets.forEach(this::closeQuietly);
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(this::closeQuietly);
  }
}
