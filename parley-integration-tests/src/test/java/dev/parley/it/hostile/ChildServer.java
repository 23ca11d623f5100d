package dev.parley.it.hostile;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link ChildServerMain} in a JVM of its own with a 256 MB heap, driven through its standard input and output. Its
 * heap and its allocations are the server's alone: the clients, their buffers and the test run in this JVM.
 *
 * <p>Netty's leak detection is off in the child: at the level the tests run with (paranoid) it records a stack trace
 * on every buffer access, which would count as the server's allocations. The in-process tests keep it.
 */
final class ChildServer implements AutoCloseable {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final Path stderr;
  private final PrintWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  /** {@code name reason} of every socket that disconnected, as the child reported them. */
  final List<String> disconnects = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final int port;

  private ChildServer(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readOutput, "child-server-output");
    reader.setDaemon(true);
    reader.start();
    this.port = Integer.parseInt(next("PORT"));
  }

  /** Starts the child with {@code args} ({@code key=value}, see {@link ChildServerMain}) and waits until it serves. */
  static ChildServer start(String... args) {
    // surefire runs tests from a manifest-only jar: the real class path is in this property
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    try {
      Path stderr = Files.createTempFile("parley-child-server-", ".err");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx256m", "-Dio.netty.leakDetection.level=disabled", "-cp", classPath,
          ChildServerMain.class.getName()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      try {
        return new ChildServer(process, stderr);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw new IllegalStateException("the child server did not start: " + Files.readString(stderr), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readOutput() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("@@ DISCONNECT ")) {
          disconnects.add(line.substring("@@ DISCONNECT ".length()));
        } else if (line.startsWith("@@ ")) {
          answers.add(line.substring(3));
        } else {
          log.add(line);
        }
      }
    } catch (IOException e) {
      // the child is gone; isAlive says so
    }
  }

  /** The next answer, which must be to {@code command}; its words after the command. */
  private String next(String command) {
    try {
      String answer = answers.poll(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (answer == null || !answer.startsWith(command + " ")) {
        throw new IllegalStateException("the child answered " + answer + " to " + command + "; alive "
            + process.isAlive() + "; log " + log + "; stderr " + stderr());
      }
      return answer.substring(command.length() + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code command} (its first word names it) and returns the answer's words after that name. */
  String ask(String command) {
    commands.println(command);
    return next(command.split(" ")[0]);
  }

  int port() {
    return port;
  }

  /** The child's heap in use after full collections, in bytes. */
  long usedHeapAfterGc() {
    return Long.parseLong(ask("HEAP"));
  }

  /** Heap bytes allocated so far by the child's Netty threads. */
  long serverThreadsAllocatedBytes() {
    return Long.parseLong(ask("ALLOC").split(" ")[0]);
  }

  /** Direct memory held by the child's Netty allocator. */
  long usedDirectMemory() {
    return Long.parseLong(ask("ALLOC").split(" ")[1]);
  }

  int sessions() {
    return Integer.parseInt(ask("SESSIONS"));
  }

  /** Waits until the child's heap after collection is under {@code bound}; returns the last reading. */
  long awaitHeapUnder(long bound, Duration atMost) {
    long[] last = {Long.MAX_VALUE};
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
      last[0] = usedHeapAfterGc();
      return last[0] < bound;
    });
    return last[0];
  }

  /** Waits until the child's heap after collection is over {@code bound}. */
  void awaitHeapOver(long bound, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> usedHeapAfterGc() > bound);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** What the child logged on its standard output (its WARN and ERROR lines). */
  List<String> log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException, IOException {
    commands.close(); // the end of its input: the child closes its server and exits
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(stderr);
  }
}
