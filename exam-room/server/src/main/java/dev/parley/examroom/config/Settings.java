package dev.parley.examroom.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw settings, layered: built-in defaults, then a properties file, then environment variables
 * ({@code EXAM_ROOM_HTTP_PORT} for {@code http.port}), then command-line flags ({@code --http.port=9000}); a later
 * layer wins. Values may refer to other keys as {@code ${key}}. Typed, validated access lives in {@link AppConfig}.
 */
public final class Settings {
  static final String ENV_PREFIX = "EXAM_ROOM_";
  private static final Pattern REF = Pattern.compile("\\$\\{([a-zA-Z0-9._-]+)}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Loads every layer.
   *
   * @param defaults the built-in defaults
   * @param env the environment (System.getenv() in production)
   * @param args command-line arguments; {@code --config=path} names the properties file (default
   *     {@code ./exam-room.properties} when it exists)
   */
  public static Settings load(Map<String, String> defaults, Map<String, String> env, String[] args) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    Map<String, String> flags = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --key=value, got: " + arg);
      }
      int eq = arg.indexOf('=');
      flags.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    String file = flags.getOrDefault("config", env.get(ENV_PREFIX + "CONFIG"));
    Path path = file != null ? Path.of(file) : Path.of("exam-room.properties");
    if (file != null || Files.exists(path)) {
      values.putAll(readProperties(path));
    }
    for (String key : Map.copyOf(values).keySet()) {
      String fromEnv = env.get(envName(key));
      if (fromEnv != null) {
        values.put(key, fromEnv);
      }
    }
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_PREFIX + "CONFIG")) {
        values.putIfAbsent(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    flags.remove("config");
    values.putAll(flags);
    return new Settings(values);
  }

  /** The environment variable for a key: {@code http.port} → {@code EXAM_ROOM_HTTP_PORT}. */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static Map<String, String> readProperties(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the configuration file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
    return map;
  }

  /** The value, with {@code ${key}} references resolved; {@code null} when unset or blank. */
  public String get(String key) {
    return resolve(key, 0);
  }

  private String resolve(String key, int depth) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (depth > 10) {
      throw new IllegalArgumentException("settings refer to each other in a loop at " + key);
    }
    Matcher m = REF.matcher(value);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String ref = resolve(m.group(1), depth + 1);
      m.appendReplacement(sb, Matcher.quoteReplacement(ref == null ? "" : ref));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  public String string(String key, String fallback) {
    String v = get(key);
    return v == null ? fallback : v;
  }

  public int integer(String key, int min, int max) {
    String v = require(key);
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got \"" + v + "\"");
    }
  }

  public boolean bool(String key) {
    String v = require(key).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, got \"" + v + "\"");
    };
  }

  /** A duration such as {@code 500ms}, {@code 60s}, {@code 15m}, {@code 2h}, {@code 7d} or ISO-8601 {@code PT1M}. */
  public Duration duration(String key) {
    String v = require(key).trim();
    Matcher m = DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(v);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be a duration like 30s, 15m or 7d, got \"" + v + "\"");
    }
  }

  /** A size such as {@code 20MB}, {@code 512KB} or a number of bytes. */
  public long size(String key) {
    String v = require(key).trim();
    Matcher m = SIZE.matcher(v);
    if (!m.matches()) {
      throw new IllegalArgumentException(key + " must be a size like 20MB, got \"" + v + "\"");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    return switch (unit) {
      case "KB" -> n * 1024;
      case "MB" -> n * 1024 * 1024;
      case "GB" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  private String require(String key) {
    String v = get(key);
    if (v == null) {
      throw new IllegalArgumentException("setting " + key + " is required");
    }
    return v;
  }
}
