package dev.parley.socketio.adapter.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, installed by {@code scripts/bootstrap --test}) as a sticky load balancer in
 * front of Parley nodes: started by the test on a free loopback port with a configuration of its own in a temporary
 * directory (pid file, logs and temp paths there, one process, in the foreground), and killed by its pid at the end.
 * Nothing is installed here and nothing outside the directory is touched.
 */
final class NginxProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Process process;

  private NginxProcess(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** The nginx binary, or a failure that says how to get it. */
  static Path binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException("nginx is not installed: run scripts/bootstrap --test (Debian's nginx-light)");
  }

  /** Starts nginx in front of the nodes, sticky by client address ({@code ip_hash}). */
  static NginxProcess start(List<Integer> upstreamPorts) throws IOException {
    Path dir = Files.createTempDirectory("parley-nginx-");
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, port, upstreamPorts));
    Process process = new ProcessBuilder(binary().toString(), "-p", dir.toString(), "-c", conf.toString(),
        "-e", dir.resolve("error.log").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    NginxProcess nginx = new NginxProcess(dir, port, process);
    try {
      await("nginx listening on " + port).atMost(10, TimeUnit.SECONDS).pollInterval(20, TimeUnit.MILLISECONDS)
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("nginx exited: " + nginx.errorLog());
            }
            return accepts(port);
          });
    } catch (RuntimeException e) {
      nginx.close();
      throw e;
    }
    return nginx;
  }

  /** The tested configuration, as docs/clustering.md shows it. */
  static String config(Path dir, int port, List<Integer> upstreamPorts) {
    String servers = upstreamPorts.stream().map(p -> "    server 127.0.0.1:" + p + ";")
        .collect(Collectors.joining("\n"));
    return """
        daemon off;
        master_process off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 256; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream parley {
            ip_hash;
        %2$s
          }
          map $http_upgrade $connection_upgrade {
            default upgrade;
            '' close;
          }
          server {
            listen 127.0.0.1:%3$d;
            location /socket.io/ {
              proxy_pass http://parley;
              proxy_http_version 1.1;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection $connection_upgrade;
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_buffering off;
              proxy_read_timeout 75s;
            }
          }
        }
        """.formatted(dir, servers, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  String errorLog() {
    try {
      return Files.readString(dir.resolve("error.log"));
    } catch (IOException e) {
      return "(no error log)";
    }
  }

  String accessLog() throws IOException {
    return Files.readString(dir.resolve("access.log"));
  }

  /** Stops nginx by its pid: SIGTERM, then SIGKILL if it lingers. */
  @Override
  public void close() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
