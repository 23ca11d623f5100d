package dev.parley.benchmarks.suite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.benchmarks.scenario.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine and the software of a run. */
final class MachineInfo {
  private MachineInfo() {}

  static ObjectNode collect(List<PeerSpec> peers, Map<String, String> vars, String serverCpus) {
    ObjectNode m = Json.object();
    m.put("date", Instant.now().toString());
    m.put("cpuModel", grep("/proc/cpuinfo", "model name"));
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("onlineCpus", read("/sys/devices/system/cpu/online").trim());
    m.put("memTotal", grep("/proc/meminfo", "MemTotal"));
    m.put("kernel", read("/proc/sys/kernel/osrelease").trim());
    m.put("os", osName());
    m.put("loadAvgAtStart", read("/proc/loadavg").trim());
    m.put("generatorCpus", grep("/proc/self/status", "Cpus_allowed_list"));
    m.put("serverCpus", serverCpus == null ? "(not pinned)" : serverCpus);
    m.put("generatorJava", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("generatorJvmArgs", String.join(" ",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    ObjectNode versions = m.putObject("peerVersions");
    for (PeerSpec p : peers) {
      if (!p.versionCommand().isEmpty()) {
        versions.put(p.name(), firstLine(PeerSpec.expand(p.versionCommand(), vars), vars.get("benchDir")));
      }
    }
    return m;
  }

  private static String osName() {
    for (String line : read("/etc/os-release").split("\n")) {
      if (line.startsWith("PRETTY_NAME=")) {
        return line.substring(12).replace("\"", "");
      }
    }
    return System.getProperty("os.name");
  }

  private static String grep(String file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key)) {
        int colon = line.indexOf(':');
        return colon < 0 ? line : line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static String firstLine(List<String> cmd, String dir) {
    try {
      Process p = new ProcessBuilder(cmd).directory(Path.of(dir).toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      int nl = out.indexOf('\n');
      return nl < 0 ? out : out.substring(0, nl);
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
