package dev.parley.benchmarks.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options: {@code --key=value}, {@code --key value} or a bare {@code --flag}. */
public final class Args {
  private final Map<String, String> values;
  private final List<String> positional;

  private Args(Map<String, String> values, List<String> positional) {
    this.values = values;
    this.positional = positional;
  }

  public static Args parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        values.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(body, args[++i]);
      } else {
        values.put(body, "true");
      }
    }
    return new Args(values, positional);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public String get(String key, String def) {
    return values.getOrDefault(key, def);
  }

  public int getInt(String key, int def) {
    return has(key) ? Integer.parseInt(values.get(key).replace("_", "")) : def;
  }

  public long getLong(String key, long def) {
    return has(key) ? Long.parseLong(values.get(key).replace("_", "")) : def;
  }

  public double getDouble(String key, double def) {
    return has(key) ? Double.parseDouble(values.get(key)) : def;
  }

  public boolean getBool(String key, boolean def) {
    return has(key) ? Boolean.parseBoolean(values.get(key)) : def;
  }

  /** A comma-separated list of integers, e.g. {@code 1000,10000}; empty for {@code none}. */
  public List<Integer> getInts(String key, List<Integer> def) {
    if (!has(key)) {
      return def;
    }
    List<Integer> out = new ArrayList<>();
    String v = values.get(key).trim();
    if (v.isEmpty() || v.equals("none")) {
      return out;
    }
    for (String s : v.split(",")) {
      out.add(Integer.parseInt(s.trim().replace("_", "")));
    }
    return out;
  }

  public List<String> positional() {
    return positional;
  }

  public Map<String, String> asMap() {
    return values;
  }
}
