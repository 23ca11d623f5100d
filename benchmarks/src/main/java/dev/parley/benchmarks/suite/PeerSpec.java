package dev.parley.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.benchmarks.client.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under test, as listed in the peer registry ({@code peers/peers.json}): a command that starts a process
 * listening on {@code {port}} and implementing the benchmark contract.
 *
 * @param name a short name used in results and reports
 * @param description one line for the report
 * @param enabled false for entries kept in the registry but not run (e.g. a placeholder)
 * @param command the command and its arguments, with {@code {placeholders}}
 * @param workdir the working directory (placeholders allowed), or null for the benchmarks folder
 * @param env extra environment variables (placeholders allowed)
 * @param ready how readiness is checked: {@code eio} (an Engine.IO polling handshake answers), {@code tcp}, or
 *     {@code redis} ({@code PING} answers {@code +PONG}; the suite's own Redis)
 * @param gc how a GC is forced: {@code signal:USR2}, {@code jcmd} or {@code none}
 * @param transports the transports the peer serves
 * @param skip scenario kinds not run on this peer (e.g. {@code idle})
 * @param versionCommand a command printing the peer's version, or empty
 * @param cluster how the peer runs as a node of a Redis cluster, or null when it has no cluster mode
 */
public record PeerSpec(String name, String description, boolean enabled, List<String> command, String workdir,
    Map<String, String> env, String ready, String gc, Set<Transport> transports, Set<String> skip,
    List<String> versionCommand, Cluster cluster) {

  /**
   * The registry's {@code cluster} block: the command of one node (same working directory, environment, readiness
   * and GC as the single server) with {@code {port}} and {@code {redisUrl}}, or why the peer cannot be measured as
   * a cluster, so that the report says so instead of leaving a silent gap.
   *
   * @param command the node's command, empty when unsupported
   * @param unsupported the reason the peer has no measured cluster mode, or null
   */
  public record Cluster(List<String> command, String unsupported) {
    public Cluster {
      command = List.copyOf(command);
      if (command.isEmpty() == (unsupported == null)) {
        throw new IllegalArgumentException("a cluster block has either a command or an 'unsupported' reason");
      }
    }

    static Cluster fromJson(JsonNode n) {
      if (n.isMissingNode() || n.isNull()) {
        return null;
      }
      return new Cluster(strings(n.path("command")), n.hasNonNull("unsupported") ? n.get("unsupported").asText()
          : null);
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

  /** Reads one registry entry. */
  public static PeerSpec fromJson(JsonNode n) {
    Set<Transport> transports = new TreeSet<>();
    for (JsonNode t : n.path("transports")) {
      transports.add(Transport.parse(t.asText()));
    }
    if (transports.isEmpty()) {
      transports.add(Transport.WEBSOCKET);
    }
    Set<String> skip = new TreeSet<>();
    n.path("skip").forEach(s -> skip.add(s.asText()));
    Map<String, String> env = new LinkedHashMap<>();
    n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    String name = n.path("name").asText();
    if (name.isEmpty() || !name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("peer name must be lower-case [a-z0-9._-]: '" + name + "'");
    }
    List<String> command = strings(n.path("command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException("peer " + name + " has no command");
    }
    return new PeerSpec(name, n.path("description").asText(""), n.path("enabled").asBoolean(true), command,
        n.hasNonNull("workdir") ? n.get("workdir").asText() : null, env, n.path("ready").asText("eio"),
        n.path("gc").asText("none"), transports, skip, strings(n.path("versionCommand")),
        Cluster.fromJson(n.path("cluster")));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(s -> out.add(s.asText()));
    return out;
  }

  public boolean supports(Transport transport) {
    return transports.contains(transport);
  }

  /** Replaces every {@code {name}} with its value; an unknown placeholder is an error. */
  public static String expand(String template, Map<String, String> vars) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "} in: " + template);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  public static List<String> expand(List<String> templates, Map<String, String> vars) {
    List<String> out = new ArrayList<>(templates.size());
    for (String t : templates) {
      out.add(expand(t, vars));
    }
    return out;
  }
}
