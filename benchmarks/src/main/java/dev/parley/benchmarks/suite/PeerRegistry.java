package dev.parley.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The peers listed in {@code peers/peers.json}, in file order. */
public final class PeerRegistry {
  private final List<PeerSpec> peers;

  public PeerRegistry(List<PeerSpec> peers) {
    this.peers = List.copyOf(peers);
    Set<String> names = new LinkedHashSet<>();
    for (PeerSpec p : peers) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("duplicate peer name: " + p.name());
      }
    }
  }

  public static PeerRegistry load(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(file.toFile()));
  }

  public static PeerRegistry parse(JsonNode root) {
    List<PeerSpec> list = new ArrayList<>();
    for (JsonNode n : root.path("peers")) {
      list.add(PeerSpec.fromJson(n));
    }
    return new PeerRegistry(list);
  }

  public List<PeerSpec> all() {
    return peers;
  }

  /**
   * The peers to run: the enabled ones, or exactly those named in {@code selection} (comma-separated, which may
   * name a disabled peer to force it).
   */
  public List<PeerSpec> select(String selection) {
    if (selection == null || selection.isBlank() || selection.equals("all")) {
      return peers.stream().filter(PeerSpec::enabled).toList();
    }
    List<PeerSpec> out = new ArrayList<>();
    for (String name : selection.split(",")) {
      String n = name.trim();
      out.add(peers.stream().filter(p -> p.name().equals(n)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no peer named '" + n + "' in the registry")));
    }
    return out;
  }
}
