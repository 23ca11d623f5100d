package dev.parley.socketio.adapter.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path in a child JVM, so that a test can kill a node as a crash would: SIGKILL, no
 * shutdown hook, no goodbye to Redis or to the clients. The child says {@code PORT <n>} on its standard output once
 * it serves; its standard error goes to a file, shown when it fails to start.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final int port;

  private ChildJvm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    // surefire runs tests from a manifest-only jar: the real class path is in this property
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = Files.createTempFile("parley-child-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classPath,
        main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(process));
    try {
      return new ChildJvm(process, port.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the child JVM did not start: " + Files.readString(log), e);
    }
  }

  private static int readPort(Process process) {
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("PORT ")) {
          return Integer.parseInt(line.substring(5).trim());
        }
      }
      throw new IllegalStateException("the child JVM exited");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child JVM " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

}
