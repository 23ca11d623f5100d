package dev.parley.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a loopback port, between the tests and a server node, Redis or PostgreSQL: a load balancer that
 * can be pointed elsewhere ({@link #retarget}), a node that vanishes from the network ({@link #severAll}), or a
 * network cable that can be pulled ({@link #freeze}).
 *
 * <p>It exists because failover and black-hole tests need a network they control, and a few threads of blocking
 * copies on loopback are enough for the few hundred connections such a test opens. Each connection has two pump
 * threads; the forwarder is for tests, not load.
 */
public final class LoopbackForwarder implements AutoCloseable {
  private static final int SOURCES = 8;

  private final ServerSocket server;
  private final boolean spreadSources;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Long> connectedAt = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger next = new AtomicInteger();
  private final Object gate = new Object();
  private volatile int target;
  private volatile boolean frozen;

  /** A forwarder to {@code target} on loopback whose upstream connections come from 127.0.0.1. */
  public LoopbackForwarder(int target) throws IOException {
    this(target, false);
  }

  /**
   * With {@code spreadSources}, upstream connections leave from 127.0.0.2 to 127.0.0.9 in turn: every client would
   * otherwise come from 127.0.0.1 and meet a server's per-address cap, which a real balancer's clients do not. Keep it
   * off in front of Redis in protected mode or a PostgreSQL that trusts 127.0.0.1 alone.
   */
  public LoopbackForwarder(int target, boolean spreadSources) throws IOException {
    this.target = target;
    this.spreadSources = spreadSources;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "forwarder-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port a client connects to. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Connections accepted so far (those refused, or opened while frozen, included). */
  public int accepted() {
    return accepted.get();
  }

  /** When each connection reached the target ({@link System#nanoTime()}), in order. */
  public List<Long> connectedAt() {
    return List.copyOf(connectedAt);
  }

  /** New connections go to this port; 0 refuses them (closed at once). Existing connections stay where they are. */
  public void retarget(int port) {
    this.target = port;
  }

  /**
   * Frozen, nothing passes either way and nothing is closed or reset (half-open TCP, as a pulled cable or a firewall
   * dropping packets): what was read is held, a side's close is not passed on, and new connections are accepted and
   * left hanging. Thawed, the held bytes and closes go through, as TCP retransmits them after the network heals.
   */
  public void freeze(boolean on) {
    synchronized (gate) {
      frozen = on;
      gate.notifyAll();
    }
  }

  /** Cuts every forwarded connection, as a node that vanished from the network would. */
  public void severAll() {
    sockets.forEach(this::closeQuietly);
  }

  private void awaitThaw() throws IOException {
    synchronized (gate) {
      while (frozen) {
        try {
          gate.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while frozen", e);
        }
      }
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        int port = target;
        if (port == 0) {
          client.close();
          continue;
        }
        Socket upstream = new Socket();
        try {
          if (spreadSources) {
            upstream.bind(new InetSocketAddress(
                InetAddress.getByName("127.0.0." + (2 + next.getAndIncrement() % SOURCES)), 0));
          }
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        } catch (IOException e) {
          upstream.close();
          client.close();
          continue;
        }
        connectedAt.add(System.nanoTime());
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // the server socket is closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitThaw();
          out.write(buffer, 0, n);
          out.flush();
        }
        awaitThaw();
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

  @Override
  public void close() throws IOException {
    freeze(false);
    server.close();
    sockets.forEach(this::closeQuietly);
  }
}
