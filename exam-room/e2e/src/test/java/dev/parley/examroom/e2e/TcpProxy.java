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
 * The candidate's network (in the chat's scenarios, one user's): a TCP proxy on loopback in front of the app that one
 * browser context goes through, so a scenario can take that context's network away without touching the others.
 *
 * <ul>
 *   <li>{@link #cut}: resets every open connection and refuses (accepts and resets) new ones for a while: the
 *       machine is offline.
 *   <li>{@link #blockSocketIo}: resets the connections carrying Socket.IO (WebSocket or a long-poll) and refuses every
 *       later request to {@code /socket.io/}, while {@code /api} and the page still go through: a proxy or firewall
 *       that breaks the socket but not plain HTTP.
 *   <li>{@link #blackhole}: the cable is pulled. Nothing passes either way, and nothing is closed or reset: a side
 *       that closes its end is not heard by the other, so the app notices only by its heartbeat. New connections are
 *       accepted and left hanging. Until {@link #restore}.
 *   <li>{@link #dropFramesUntilAck}: the app's WebSocket frames to the browser that mention a text are lost, up to
 *       and including the first Socket.IO acknowledgement among them; everything else passes. The browser's frames
 *       reach the app untouched.
 * </ul>
 *
 * <p>To see the paths it reads the HTTP/1.1 request heads from the browser (requests are not pipelined by browsers;
 * bodies are skipped by {@code Content-Length}); after a chunked request body a connection is piped as raw bytes.
 * Responses are not parsed, except on a connection that asked for a WebSocket upgrade: there the response head is
 * read and, after a 101, the app's frames one by one (the app sends them unmasked and uncompressed: it does not
 * negotiate permessage-deflate).
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
  private volatile boolean blackholed;
  private final Set<Socket> held = ConcurrentHashMap.newKeySet();
  private volatile DropRule dropRule;
  private volatile boolean closed;

  /** Frames to lose: those whose text contains {@code marker}, until an acknowledgement among them was lost. */
  private static final class DropRule {
    final String marker;
    volatile boolean done;

    DropRule(String marker) {
      this.marker = marker;
    }
  }

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

  /**
   * Gives the network back: before a cut's end, or after {@link #blackhole} (the connections that were open then are
   * reset: they are long dead for both sides).
   */
  void restore() {
    cutting = false;
    if (blackholed) {
      blackholed = false;
      for (Link link : links) {
        link.reset("blackhole ended");
      }
      for (Socket socket : held) {
        reset(socket);
      }
      held.clear();
    }
  }

  /** Pulls the cable: from now on nothing passes either way and no close or reset reaches the other side. */
  void blackhole() {
    blackholed = true;
    record("blackhole", "all", "");
  }

  /**
   * Loses the app's WebSocket frames to the browser whose text contains {@code marker} (the broadcasts of a message
   * and its acknowledgement, say), up to and including the first acknowledgement packet ({@code 43<id>[...]}) among
   * them; later frames pass again.
   */
  void dropFramesUntilAck(String marker) {
    dropRule = new DropRule(marker);
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
      if (blackholed) {
        // the connection attempt goes nowhere; it is not refused either
        held.add(client);
        record("held", "connect", "");
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
    for (Socket socket : held) {
      reset(socket);
    }
  }

  /** One browser connection and its connection to the app. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;
    private volatile String currentPath = "";
    private volatile boolean done;
    /** set before a WebSocket upgrade request goes to the app: the app's next bytes are the 101 response */
    private volatile boolean upgradeRequested;

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

    /**
     * One side ended ({@code socket}): normally both are closed. While the cable is pulled only that side is: the
     * other one must not hear of it (it finds out by itself, by a time-out).
     */
    private void finish(Socket ended) {
      if (blackholed) {
        close(ended);
        if (client.isClosed() && upstream.isClosed()) {
          links.remove(this);
        }
        return;
      }
      done = true;
      close(client);
      close(upstream);
      links.remove(this);
    }

    private void close(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // gone
      }
    }

    /** Writes unless the cable is pulled. */
    private void forward(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
      if (blackholed) {
        return;
      }
      out.write(bytes, offset, length);
      out.flush();
    }

    private void pipe(InputStream in, OutputStream out) throws IOException {
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        forward(out, buffer, 0, n);
      }
    }

    private void appToClient() {
      try {
        InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        boolean headDone = false;
        boolean frames = false;
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!upgradeRequested || (headDone && !frames)) {
            forward(out, buffer, 0, n);
            continue;
          }
          pending.write(buffer, 0, n);
          if (!headDone) {
            byte[] bytes = pending.toByteArray();
            int end = headEnd(bytes);
            if (end < 0) {
              continue;
            }
            headDone = true;
            frames = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 101");
            forward(out, bytes, 0, end);
            pending.reset();
            pending.write(bytes, end, bytes.length - end);
            if (!frames) {
              forward(out, pending.toByteArray(), 0, pending.size());
              pending.reset();
              continue;
            }
          }
          forwardFrames(pending, out);
        }
      } catch (IOException ignored) {
        // a reset or a close: the other side follows
      } finally {
        finish(upstream);
      }
    }

    /** Forwards the complete frames in {@code pending} (dropping those the rule says), keeps the rest there. */
    private void forwardFrames(ByteArrayOutputStream pending, OutputStream out) throws IOException {
      byte[] bytes = pending.toByteArray();
      int at = 0;
      while (true) {
        int size = frameSize(bytes, at);
        if (size < 0) {
          break;
        }
        if (!drop(bytes, at)) {
          forward(out, bytes, at, size);
        }
        at += size;
      }
      pending.reset();
      pending.write(bytes, at, bytes.length - at);
    }

    private boolean drop(byte[] bytes, int at) {
      DropRule rule = dropRule;
      int b0 = bytes[at] & 0xFF;
      // only whole text frames: FIN set, opcode 1
      if (rule == null || rule.done || b0 != 0x81) {
        return false;
      }
      String text = new String(bytes, at + frameHeaderSize(bytes, at), (int) payloadLength(bytes, at),
          StandardCharsets.UTF_8);
      if (!text.contains(rule.marker)) {
        return false;
      }
      // Engine.IO message (4) carrying a Socket.IO acknowledgement (3)
      if (text.startsWith("43")) {
        rule.done = true;
      }
      record("dropped", "ws frame", text.length() > 120 ? text.substring(0, 120) + "…" : text);
      return true;
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
          record(blackholed ? "lost" : "pass", method, path);
          String headers = text.toLowerCase(Locale.ROOT);
          boolean upgrade = headers.contains("\r\nupgrade:");
          if (upgrade) {
            upgradeRequested = true;
          }
          forward(out, head, 0, head.length);
          if (upgrade || headers.contains("\r\ntransfer-encoding:")) {
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
        finish(client);
      }
    }

    private void copy(InputStream in, OutputStream out, long length) throws IOException {
      byte[] buffer = new byte[16 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException("the connection ended inside a request body");
        }
        forward(out, buffer, 0, n);
        left -= n;
      }
    }
  }

  /** The length of an HTTP head (through the blank line) at the start of {@code bytes}, or -1 if incomplete. */
  private static int headEnd(byte[] bytes) {
    for (int i = 3; i < bytes.length; i++) {
      if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The size of a WebSocket frame's header at {@code at}, or -1 when the header is not all there. */
  private static int frameHeaderSize(byte[] bytes, int at) {
    if (bytes.length - at < 2) {
      return -1;
    }
    int len7 = bytes[at + 1] & 0x7F;
    int size = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((bytes[at + 1] & 0x80) != 0 ? 4 : 0);
    return bytes.length - at < size ? -1 : size;
  }

  private static long payloadLength(byte[] bytes, int at) {
    int len7 = bytes[at + 1] & 0x7F;
    if (len7 < 126) {
      return len7;
    }
    int n = len7 == 126 ? 2 : 8;
    long length = 0;
    for (int i = 0; i < n; i++) {
      length = (length << 8) | (bytes[at + 2 + i] & 0xFF);
    }
    return length;
  }

  /** The size of the whole frame at {@code at}, or -1 when it is not all there. */
  private static int frameSize(byte[] bytes, int at) {
    int header = frameHeaderSize(bytes, at);
    if (header < 0) {
      return -1;
    }
    long size = header + payloadLength(bytes, at);
    return bytes.length - at < size ? -1 : (int) size;
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
}
