package dev.parley.examroom.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one Node scenario script ({@code node/scenarios/<name>.cjs}) and serves its requests.
 *
 * <p>The script gets its parameters as JSON in {@code PARLEY_E2E_PARAMS}; it writes {@code @@e2e-request {...}} lines
 * on stdout when it needs the server side to act, and each is answered with one JSON line on its stdin, by the
 * {@link Op} of that name. A scenario passes when the script exits with 0; otherwise the test fails with everything
 * the script wrote. Its last {@code @@e2e-result {...}} line is returned for the test's own checks. Node and the
 * Chromium it starts are killed, by process handle, if they outlive the time limit.
 */
final class ScenarioRunner {
  private static final String REQUEST = "@@e2e-request ";
  private static final String RESULT = "@@e2e-result ";

  /** Serves one kind of request from the script, given its arguments; returns the answer (JSON-serialisable). */
  @FunctionalInterface
  interface Op {
    Object apply(JsonNode args) throws Exception;
  }

  /** What the script reported at the end, and everything it wrote. */
  record Result(JsonNode values, String transcript) {}

  private ScenarioRunner() {}

  static Result run(String script, Map<String, Object> params, Map<String, Op> ops, Path tmp, Duration timeout)
      throws IOException, InterruptedException {
    Path nodeDir = nodeDir();
    if (!Files.isDirectory(nodeDir.resolve("node_modules/playwright-core"))) {
      throw new AssertionError("playwright-core is not installed in " + nodeDir + ": run npm ci there (the Maven build"
          + " does)");
    }
    Path scriptFile = nodeDir.resolve("scenarios").resolve(script + ".cjs");
    if (!Files.isRegularFile(scriptFile)) {
      throw new AssertionError("no scenario script " + scriptFile);
    }
    Path browserTmp = Files.createDirectories(tmp.resolve("browser-tmp"));
    Files.createDirectories(artifactsDir());
    ProcessBuilder pb = new ProcessBuilder("node", scriptFile.toString()).directory(nodeDir.toFile());
    pb.environment().put("PARLEY_E2E_PARAMS", Api.write(params));
    // Playwright puts Chromium's fresh profile directory here, inside the test's temporary directory
    pb.environment().put("TMPDIR", browserTmp.toString());
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");

    StringBuffer transcript = new StringBuffer();
    AtomicReference<JsonNode> result = new AtomicReference<>();
    ExecutorService workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "e2e-" + script);
      t.setDaemon(true);
      return t;
    });
    long t0 = System.nanoTime();
    Process process = pb.start();
    Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    try {
      workers.submit(() -> read(process.getErrorStream(), line -> transcript.append("[stderr] ").append(line)
          .append('\n')));
      workers.submit(() -> read(process.getInputStream(), line -> {
        if (line.startsWith(REQUEST)) {
          workers.submit(() -> serve(line.substring(REQUEST.length()), ops, stdin, transcript, t0));
        } else if (line.startsWith(RESULT)) {
          result.set(parse(line.substring(RESULT.length())));
        } else {
          transcript.append(line).append('\n');
        }
      }));
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        kill(process);
        throw new AssertionError("scenario " + script + " did not finish within " + timeout.toSeconds() + " s\n"
            + banner(transcript));
      }
      // let the readers drain what the script wrote last
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      if (process.exitValue() != 0) {
        throw new AssertionError("scenario " + script + " failed (exit " + process.exitValue() + ")\n"
            + banner(transcript));
      }
      if (result.get() == null) {
        throw new AssertionError("scenario " + script + " ended without a result\n" + banner(transcript));
      }
      return new Result(result.get(), transcript.toString());
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
      workers.shutdownNow();
      writeTranscript(script, transcript);
    }
  }

  private static void serve(String json, Map<String, Op> ops, Writer stdin, StringBuffer transcript, long t0) {
    JsonNode request = parse(json);
    ObjectNode answer = Api.JSON.createObjectNode();
    answer.set("id", request.get("id"));
    String op = request.path("op").asText();
    try {
      Op handler = ops.get(op);
      if (handler == null) {
        throw new IllegalArgumentException("unknown request " + op + " (known: " + ops.keySet() + ")");
      }
      Object value = handler.apply(request.path("args"));
      answer.put("ok", true);
      answer.set("result", Api.JSON.valueToTree(value == null ? Map.of() : value));
    } catch (Throwable e) {
      transcript.append(String.format("[harness +%.3fs] %s failed: %s%n", (System.nanoTime() - t0) / 1e9, op, e));
      answer.put("ok", false);
      answer.put("error", String.valueOf(e.getMessage()));
    }
    try {
      synchronized (stdin) {
        stdin.write(Api.write(answer));
        stdin.write('\n');
        stdin.flush();
      }
    } catch (IOException e) {
      transcript.append("[harness] could not answer ").append(op).append(": ").append(e).append('\n');
    }
  }

  private static JsonNode parse(String json) {
    try {
      return Api.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  private interface LineSink {
    void accept(String line);
  }

  private static Void read(InputStream in, LineSink sink) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        sink.accept(line);
      }
    }
    return null;
  }

  /** Node first (it would close Chromium), then whatever it started, by handle. */
  private static void kill(Process process) throws InterruptedException {
    var children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  private static String banner(CharSequence transcript) {
    return "---- scenario output ----\n" + transcript + "---- end of scenario output ----";
  }

  private static void writeTranscript(String script, CharSequence transcript) {
    try {
      Path dir = artifactsDir();
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(script + ".log"), transcript);
    } catch (IOException ignored) {
      // the transcript is in the failure message too
    }
  }

  static Path artifactsDir() {
    return Path.of(System.getProperty("parley.e2e.artifacts.dir", "target/e2e-artifacts")).toAbsolutePath();
  }

  /** The Node workspace: the system property set by the build, or next to this module. */
  static Path nodeDir() {
    String configured = System.getProperty("parley.e2e.node.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path candidate : new Path[] {Path.of("node"), Path.of("exam-room/e2e/node")}) {
      if (Files.isDirectory(candidate.resolve("scenarios"))) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("set parley.e2e.node.dir to exam-room/e2e/node");
  }
}
