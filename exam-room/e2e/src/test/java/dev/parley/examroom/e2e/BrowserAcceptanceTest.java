package dev.parley.examroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What every browser acceptance test shares: Chromium must be installed, each test gets a fresh app
 * ({@link ExamRoomHarness}: SQLite in the test's temporary directory, the test clock, the proxy) started with the
 * settings of its {@link AppSettings}, and each test fails if the server logged an ERROR while it ran, whatever the
 * scenario did to it.
 */
abstract class BrowserAcceptanceTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /**
   * Extra command-line settings for the app of a test (on the test method, or on the class for all of its tests),
   * e.g. {@code "--chat.presence.offline.grace=2s"}; the method's come after the class's, so they win.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @interface AppSettings {
    String[] value();
  }

  @TempDir
  Path dir;
  ExamRoomHarness exam;
  private final ListAppender<ILoggingEvent> serverErrors = new ListAppender<>();

  @BeforeAll
  static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM) && System.getenv("PARLEY_CHROMIUM") == null) {
      fail("Chromium is required for the browser acceptance tests and is not installed at " + CHROMIUM
          + ": run apt-get install -y chromium");
    }
  }

  @BeforeEach
  void startApp(TestInfo info) throws Exception {
    serverErrors.setContext(root().getLoggerContext());
    serverErrors.start();
    root().addAppender(serverErrors);
    List<String> settings = new ArrayList<>();
    info.getTestClass().map(c -> c.getAnnotation(AppSettings.class)).ifPresent(s -> settings.addAll(List.of(s.value())));
    info.getTestMethod().map(m -> m.getAnnotation(AppSettings.class))
        .ifPresent(s -> settings.addAll(List.of(s.value())));
    exam = ExamRoomHarness.start(dir, settings);
  }

  @AfterEach
  void stopApp() {
    try {
      if (exam != null) {
        exam.close();
      }
    } finally {
      root().detachAppender(serverErrors);
    }
    // whatever the scenario did to it (cut connections, a restart), the server logged no error
    assertThat(serverErrors.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
            + e.getThrowableProxy().getMessage() + ")"))
        .isEmpty();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** A scenario's parameters: key, value, key, value... in order. */
  static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return p;
  }
}
