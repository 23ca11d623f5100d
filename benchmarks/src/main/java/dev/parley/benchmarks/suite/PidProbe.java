package dev.parley.benchmarks.suite;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A probe for a server started by someone else, known by its PID ({@code --pid} with {@code --target}). */
final class PidProbe implements ServerProbe {
  private final long pid;
  private final String gc;

  PidProbe(long pid, String gc) {
    this.pid = pid;
    this.gc = gc;
  }

  @Override
  public long cpuNanos() {
    return ProcStats.cpuNanos(pid);
  }

  @Override
  public long rssBytes() {
    return ProcStats.rssBytes(pid);
  }

  @Override
  public boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public void forceGc() {
    List<String> cmd;
    if (gc.startsWith("signal:")) {
      cmd = List.of("kill", "-" + gc.substring(7), Long.toString(pid));
    } else if (gc.equals("jcmd")) {
      cmd = List.of("jcmd", Long.toString(pid), "GC.run");
    } else {
      return;
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      Thread.sleep(1000);
    } catch (IOException e) {
      // the memory figure is only less precise
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
