package dev.parley.benchmarks.soak;

import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Connector;
import dev.parley.benchmarks.client.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The soak test (not part of CI): a bounded run of steady chat and broadcast load, with clients connecting and
 * dropping, against a Parley server in its own JVM; then the history check, the server log check and the resource
 * check, a verdict, and an exit status of 0 (passed) or 1 (failed, or a step that never completed).
 *
 * <p>Usage: {@code SoakMain [--minutes 10] [--stable 200] [--churn 30] [--rooms 10] [--heap 256m]
 * [--out target/soak]}. {@code scripts/soak [minutes]} builds and runs it. Clients connect from 127.0.0.2 to
 * 127.0.0.21 in turn and the probe from 127.0.0.22, so the server keeps its default per-address cap and event rate
 * limit. The server is ended by its PID when the run is over, whatever happened.
 */
public final class SoakMain {
  private static final int SOURCE_ADDRESSES = 20;

  private SoakMain() {}

  public static void main(String[] args) throws Exception {
    SoakOptions options = SoakOptions.parse(args);
    Files.createDirectories(options.out());
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    Process server = startServer(options, port);
    int status;
    try {
      status = run(options, port, server);
    } catch (Exception | AssertionError e) {
      // a step that never completed (the server stopped answering, clients could not connect): still a verdict
      status = 1;
      String report = "Soak run of " + SoakReport.minutes(options.duration()) + " min: did not complete\n\n"
          + "Verdict: FAILED\n- " + e + "\n";
      Files.writeString(options.out().resolve("report.md"), report, StandardCharsets.UTF_8);
      System.out.println(report);
      e.printStackTrace(System.out);
    } finally {
      stop(server);
    }
    System.exit(status);
  }

  private static Process startServer(SoakOptions options, int port) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + options.heap(), "-XX:+ExitOnOutOfMemoryError"));
    // the server logs through SLF4J; scripts/soak puts slf4j-simple on the class path and configures it for both
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("org.slf4j.simpleLogger.")) {
        command.add("-D" + name + "=" + System.getProperty(name));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SoakServer.class.getName(),
        "--port", String.valueOf(port)));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true).redirectOutput(options.out().resolve("server.log").toFile());
    Process process = pb.start();
    await("the server to listen", Duration.ofSeconds(30), () -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return !process.isAlive();
      }
    });
    if (!process.isAlive()) {
      throw new IOException("the soak server exited at start; see " + options.out().resolve("server.log"));
    }
    return process;
  }

  private static int run(SoakOptions options, int port, Process server) throws Exception {
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 0; i < SOURCE_ADDRESSES; i++) {
      sources.add(InetAddress.getByName("127.0.0." + (2 + i)));
    }
    Target target = Target.loopback(port).withSourceAddresses(sources);
    Target probeTarget = Target.loopback(port).withSourceAddresses(List.of(InetAddress.getByName("127.0.0.22")));
    try (ClientLoop loop = new ClientLoop(2); StatsProbe probe = StatsProbe.connect(loop, probeTarget, server.pid())) {
      warmUp(loop, target, probe);
      ServerSample baseline = probe.sample("baseline");
      log("baseline: " + baseline.row() + " load average " + Machine.loadAverage());

      History history = new History();
      SoakLoad load = new SoakLoad(loop, target, history, options.rooms());
      String loadBefore = Machine.loadAverage();
      load.startStable(options.stable());
      load.startChurn(options.churn());
      Instant start = Instant.now();
      List<ServerSample> during = runFor(options, probe, server, load, history, start);

      load.stop();
      // let the last acknowledged messages reach their receivers: until receptions stop changing
      long[] seen = {-1};
      await("deliveries to settle", Duration.ofSeconds(60), () -> {
        long now = history.messagesReceived();
        boolean settled = now == seen[0];
        seen[0] = now;
        return settled;
      });
      // the receivers are still connected and the ticks still going: each must be close to the server's last one
      long lastTick = server.isAlive() ? probe.sample("settled").ticks() - 1 : -1;
      History.Result result = history.verify(load.throughout(), lastTick);
      String loadAfter = Machine.loadAverage();
      load.closeAll();
      await("every client's session to close", Duration.ofSeconds(120),
          () -> !server.isAlive() || probe.sample("closing").sessions() <= 1);
      ServerSample after = server.isAlive() ? probe.sample("after") : ServerSample.gone("after");
      SoakSamples samples = new SoakSamples(baseline, during, after);
      ServerLog serverLog = ServerLog.read(options.out().resolve("server.log"));
      List<String> failures = SoakVerdict.failures(samples, result, load, options.stable(), server.isAlive(),
          serverLog);
      String report = SoakReport.render(options, new Machine(start, loadBefore, loadAfter), samples, result, load,
          serverLog, failures);
      Files.writeString(options.out().resolve("report.md"), report, StandardCharsets.UTF_8);
      System.out.println(report);
      return failures.isEmpty() ? 0 : 1;
    }
  }

  /** A few sessions open and close, so that the baseline is taken with the server's classes loaded and loops up. */
  private static void warmUp(ClientLoop loop, Target target, StatsProbe probe) throws InterruptedException {
    Connector.Result warm = new Connector(loop, target, dev.parley.benchmarks.client.Transport.WEBSOCKET)
        .open(20, 20, "warm-up", dev.parley.benchmarks.client.SessionListener.IGNORE, 30_000);
    Connector.closeAll(warm.sessions());
    await("the warm-up sessions to close", Duration.ofSeconds(60), () -> probe.sample("warm").sessions() <= 1);
  }

  private static List<ServerSample> runFor(SoakOptions options, StatsProbe probe, Process server, SoakLoad load,
      History history, Instant start) throws InterruptedException {
    List<ServerSample> during = new ArrayList<>();
    long end = System.nanoTime() + options.duration().toNanos();
    long every = Math.max(Duration.ofSeconds(20).toNanos(), options.duration().toNanos() / 10);
    int sample = 0;
    while (System.nanoTime() < end && server.isAlive()) {
      // the run's clock: the load runs on its own threads, this one only takes a sample now and then
      TimeUnit.NANOSECONDS.sleep(Math.min(every, Math.max(0, end - System.nanoTime())));
      if (System.nanoTime() >= end - TimeUnit.SECONDS.toNanos(1) && sample > 0) {
        break;
      }
      sample++;
      long elapsed = Duration.between(start, Instant.now()).toSeconds();
      ServerSample s = probe.sample(String.format("during %d:%02d", elapsed / 60, elapsed % 60));
      during.add(s);
      log(s.row() + " churn cycles " + load.churnCycles() + ", failures " + load.churnFailures()
          + ", messages received " + history.messagesReceived() + ", load average " + Machine.loadAverage());
    }
    return during;
  }

  private static void stop(Process server) throws InterruptedException {
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(500); // polling a condition, with the deadline above
    }
  }

  static void log(String line) {
    System.out.println("[soak " + Instant.now() + "] " + line);
  }
}
