package dev.parley.benchmarks.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer process this harness started (optionally pinned with {@code taskset}), its readiness check, its probe, and
 * its stop: SIGTERM to it and its descendants, then SIGKILL after a grace period. Only processes started here are
 * ever signalled, by PID.
 */
public final class PeerProcess implements ServerProbe, AutoCloseable {
  private final PeerSpec spec;
  private final Process process;
  private final Path log;
  private final String jcmd;

  private PeerProcess(PeerSpec spec, Process process, Path log, String jcmd) {
    this.spec = spec;
    this.process = process;
    this.log = log;
    this.jcmd = jcmd;
  }

  /**
   * Starts a peer.
   *
   * @param vars placeholder values; must contain {@code port}
   * @param cpus a {@code taskset -c} CPU list, or null for no pinning
   * @param log the file that receives the peer's stdout and stderr
   */
  public static PeerProcess start(PeerSpec spec, Map<String, String> vars, String cpus, Path log)
      throws IOException {
    return start(spec, spec.command(), vars, cpus, log);
  }

  /**
   * Starts a peer with another command than its own (a node of its cluster mode), in the spec's working directory
   * and environment.
   */
  public static PeerProcess start(PeerSpec spec, List<String> command, Map<String, String> vars, String cpus,
      Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null && !cpus.isBlank()) {
      cmd.add("taskset");
      cmd.add("-c");
      cmd.add(cpus);
    }
    cmd.addAll(PeerSpec.expand(command, vars));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    String dir = spec.workdir() == null ? vars.get("benchDir") : PeerSpec.expand(spec.workdir(), vars);
    pb.directory(Path.of(dir).toFile());
    spec.env().forEach((k, v) -> pb.environment().put(k, PeerSpec.expand(v, vars)));
    Files.createDirectories(log.getParent());
    Files.writeString(log, "# " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    String java = vars.getOrDefault("java", "java");
    String jcmd = java.endsWith("/java") ? java.substring(0, java.length() - 4) + "jcmd" : "jcmd";
    return new PeerProcess(spec, pb.start(), log, jcmd);
  }

  public long pid() {
    return process.pid();
  }

  public PeerSpec spec() {
    return spec;
  }

  /** Waits until the peer answers on {@code port}, the process dies, or the timeout passes. */
  public void awaitReady(String host, int port, long timeoutMillis) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("peer " + spec.name() + " exited with " + process.exitValue() + ": " + tail());
      }
      try {
        if (probe(host, port)) {
          return;
        }
        last = "unexpected answer";
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(100);
    }
    throw new IOException("peer " + spec.name() + " not ready on port " + port + " after " + timeoutMillis
        + " ms (" + last + "): " + tail());
  }

  private boolean probe(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      if ("redis".equals(spec.ready())) {
        return redisPong(s);
      }
      if (!"eio".equals(spec.ready())) {
        return true;
      }
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: " + host + ":" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      StringBuilder sb = new StringBuilder();
      int n;
      while (sb.length() < 4096 && (n = in.read(buf)) > 0) {
        sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        if (sb.indexOf("0{") >= 0) {
          break;
        }
      }
      return sb.toString().startsWith("HTTP/1.1 200") && sb.indexOf("0{") >= 0;
    }
  }

  /** Whether a Redis server answers {@code PING}: it listens before it has loaded, and then answers an error. */
  private static boolean redisPong(Socket s) throws IOException {
    s.setSoTimeout(2000);
    s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    byte[] buf = new byte[64];
    int n = s.getInputStream().read(buf);
    return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
  }

  /** The last lines of the peer's log, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log)";
    }
  }

  @Override
  public long cpuNanos() {
    return ProcStats.cpuNanos(pid());
  }

  @Override
  public long rssBytes() {
    return ProcStats.rssBytes(pid());
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void forceGc() {
    String gc = spec.gc();
    try {
      if (gc.startsWith("signal:")) {
        run(List.of("kill", "-" + gc.substring(7), Long.toString(pid())));
      } else if (gc.equals("jcmd")) {
        run(List.of(jcmd, Long.toString(pid()), "GC.run"));
      } else {
        return;
      }
      Thread.sleep(1000);
    } catch (IOException e) {
      // a failed GC request only makes the memory figure less precise
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  /** Stops the peer: SIGTERM to it and its descendants, SIGKILL to whatever is left after 5 seconds. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    process.destroy();
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
