package dev.parley.examroom.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The candidate's network: a TCP proxy on loopback in front of the app that one browser context goes through, so a
 * scenario can take that context's network away without touching the others.
 *
 * <ul>
 *   <li>{@link #cut}: resets every open connection and refuses (accepts and resets) new ones for a while: the
 *       machine is offline.
 *   <li>{@link #blockSocketIo}: resets the connections carrying Socket.IO (WebSocket or a long-poll) and refuses every
 *       later request to {@code /socket.io/}, while {@code /api} and the page still go through: a proxy or firewall
 *       that breaks the socket but not plain HTTP.
 * </ul>
 *
 * <p>To see the paths it reads the HTTP/1.1 request heads from the browser (requests are not pipelined by browsers;
 * bodies are skipped by {@code Content-Length}); after a WebSocket upgrade, or a chunked request body, a connection is
 * piped as raw bytes. Responses are never parsed.
 */
final class TcpProxy implements AutoCloseable {
  private static final int MAX_HEAD = 64 * 1024;

  /**
   * What happened to one request ({@code pass} or {@code refused}, with its method and path) or connection
   * ({@code reset}, with the reason in {@code method}: {@code cut}, {@code socket.io blocked}, ...).
   */
  record Entry(long atMillis, String verdict, String method, String path) {}

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final List<Entry> entries = new ArrayList<>();
  private final AtomicInteger refusedConnections = new AtomicInteger();
  private final Thread acceptor;
  private volatile long cutUntilNanos;
  private volatile boolean cutting;
  private volatile boolean socketIoBlocked;
  private volatile boolean closed;

  TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "e2e-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Takes the network away for {@code millis}: open connections are reset, new ones refused until then. */
  void cut(long millis) {
    cutUntilNanos = System.nanoTime() + millis * 1_000_000L;
    cutting = true;
    for (Link link : links) {
      link.reset("cut");
    }
  }

  /** Gives the network back before the cut's end. */
  void restore() {
    cutting = false;
  }

  /** Whether the network is cut now. */
  boolean isCut() {
    return cutting && System.nanoTime() - cutUntilNanos < 0;
  }

  /** Blocks (or unblocks) Socket.IO: its open connections are reset and its requests refused; /api still passes. */
  void blockSocketIo(boolean blocked) {
    socketIoBlocked = blocked;
    if (blocked) {
      for (Link link : links) {
        if (link.carriesSocketIo()) {
          link.reset("socket.io blocked");
        }
      }
    }
  }

  /** Counts of what passed and what was refused, by kind: {@code pass api}, {@code refused socket.io}, .... */
  Map<String, Integer> stats() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    synchronized (entries) {
      for (Entry e : entries) {
        String kind = e.path().startsWith("/socket.io/") ? "socket.io" : e.path().startsWith("/api/") ? "api" : "page";
        counts.merge(e.verdict() + " " + kind, 1, Integer::sum);
      }
    }
    counts.put("refused connections", refusedConnections.get());
    return counts;
  }

  List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  private void record(String verdict, String method, String path) {
    synchronized (entries) {
      entries.add(new Entry(System.currentTimeMillis(), verdict, method, path));
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("e2e proxy: accept failed: " + e);
        }
        return;
      }
      if (isCut()) {
        refusedConnections.incrementAndGet();
        reset(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
      } catch (IOException e) {
        // the app is down (a restart): the browser sees a failed connection, as it would without the proxy
        reset(client);
        reset(upstream);
        continue;
      }
      Link link = new Link(client, upstream);
      links.add(link);
      link.start();
    }
  }

  private static void reset(Socket socket) {
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Link link : links) {
      link.reset("proxy closed");
    }
  }

  /** One browser connection and its connection to the app. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile String currentPath = "";
    private volatile boolean done;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      Thread up = new Thread(this::clientToApp, "e2e-proxy-up");
      Thread down = new Thread(this::appToClient, "e2e-proxy-down");
      up.setDaemon(true);
      down.setDaemon(true);
      up.start();
      down.start();
    }

    boolean carriesSocketIo() {
      return currentPath.startsWith("/socket.io/");
    }

    void reset(String why) {
      if (!done) {
        done = true;
        record("reset", why, currentPath);
      }
      TcpProxy.reset(client);
      TcpProxy.reset(upstream);
      links.remove(this);
    }

    private void finish() {
      done = true;
      try {
        client.close();
      } catch (IOException ignored) {
        // gone
      }
      try {
        upstream.close();
      } catch (IOException ignored) {
        // gone
      }
      links.remove(this);
    }

    private void appToClient() {
      try {
        pipe(upstream.getInputStream(), client.getOutputStream());
      } catch (IOException ignored) {
        // a reset or a close: the other side follows
      } finally {
        finish();
      }
    }

    private void clientToApp() {
      try {
        InputStream in = client.getInputStream();
        OutputStream out = upstream.getOutputStream();
        while (!done) {
          byte[] head = readHead(in);
          if (head == null) {
            return;
          }
          String text = new String(head, StandardCharsets.ISO_8859_1);
          String[] requestLine = text.substring(0, text.indexOf("\r\n")).split(" ");
          String method = requestLine[0];
          String path = requestLine.length > 1 ? requestLine[1] : "";
          currentPath = path;
          if (socketIoBlocked && path.startsWith("/socket.io/")) {
            record("refused", method, path);
            reset("refused");
            return;
          }
          if (isCut()) {
            record("refused", method, path);
            reset("refused");
            return;
          }
          record("pass", method, path);
          out.write(head);
          out.flush();
          String headers = text.toLowerCase(Locale.ROOT);
          if (headers.contains("\r\nupgrade:") || headers.contains("\r\ntransfer-encoding:")) {
            // a WebSocket (or a chunked body): no more request heads to read on this connection
            pipe(in, out);
            return;
          }
          long length = contentLength(headers);
          copy(in, out, length);
        }
      } catch (IOException ignored) {
        // a reset or a close
      } finally {
        finish();
      }
    }
  }

  /** The request head up to and including the blank line, or {@code null} at the end of the stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("the connection ended inside a request head");
      }
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0D0A0D0A) {
        return head.toByteArray();
      }
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head too large");
      }
    }
  }

  private static long contentLength(String lowerCaseHead) {
    for (String line : lowerCaseHead.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the connection ended inside a request body");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
    out.flush();
  }

  private static void pipe(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }
}
