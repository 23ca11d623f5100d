package dev.parley.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the soak server logged: its warnings and errors, which fail the run, since under steady, well-behaved load no
 * exception may reach an event loop or a handler's catch-all, and nothing may be refused.
 *
 * <p>The server logs through SLF4J; without a provider on the class path (scripts/soak adds slf4j-simple) it logs
 * nothing, and the report says so rather than claiming a clean log.
 *
 * @param loggingOn whether the server had a logger
 * @param warnings lines at level WARN
 * @param errors lines at level ERROR, uncaught exceptions and an OutOfMemoryError
 * @param examples the first few of them
 */
record ServerLog(boolean loggingOn, long warnings, long errors, List<String> examples) {
  private static final Pattern WARN = Pattern.compile("\\] WARN ");
  private static final Pattern ERROR = Pattern.compile("\\] ERROR |^Exception in thread |OutOfMemoryError");

  static ServerLog read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    boolean on = lines.stream().noneMatch(l -> l.contains("No SLF4J providers were found"));
    long warnings = 0;
    long errors = 0;
    List<String> examples = new ArrayList<>();
    for (String line : lines) {
      boolean error = ERROR.matcher(line).find();
      boolean warning = !error && WARN.matcher(line).find();
      if (error) {
        errors++;
      } else if (warning) {
        warnings++;
      }
      if ((error || warning) && examples.size() < 5) {
        examples.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
      }
    }
    return new ServerLog(on, warnings, errors, List.copyOf(examples));
  }
}
