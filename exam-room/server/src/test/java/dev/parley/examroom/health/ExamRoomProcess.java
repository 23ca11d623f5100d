package dev.parley.examroom.health;

import static org.awaitility.Awaitility.await;

import dev.parley.examroom.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exam room's own {@link Main} in a child JVM, so that a test can kill a node as a crash does: SIGKILL, no
 * shutdown hook, no goodbye to Redis, the database or the clients. Its output goes to a file (a pipe nobody reads
 * would stall it once full), where the port it serves on is read.
 */
final class ExamRoomProcess implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("Exam room on http://localhost:(\\d+)/");

  private final Process process;
  private final Path log;
  private final int port;

  ExamRoomProcess(List<String> args) throws IOException {
    // surefire runs tests from a manifest-only jar: the real class path is in this property
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    log = Files.createTempFile("exam-room-node-", ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", classPath, Main.class.getName()));
    command.addAll(args);
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      await().atMost(40, TimeUnit.SECONDS).until(() -> servingPort() > 0 || !process.isAlive());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the exam room did not start:\n" + readAndDelete(), e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("the exam room exited:\n" + readAndDelete());
    }
    port = servingPort();
  }

  /** The log of a node that never served: nobody gets to close() it, so its file goes here. */
  private String readAndDelete() throws IOException {
    String text = Files.readString(log);
    Files.deleteIfExists(log);
    return text;
  }

  private int servingPort() throws IOException {
    Matcher m = SERVING.matcher(Files.readString(log));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL ({@code destroyForcibly}), and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the exam room " + process.pid() + " survived SIGKILL");
    }
  }

  @Override
  public void close() throws IOException {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Files.deleteIfExists(log);
  }
}
