package dev.parley.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How values cross the pipe to the Node driver: {@code byte[]} as {@code {"$bin": "<base64>"}}. */
public final class Values {
  private Values() {}

  /** Replaces every {@code byte[]} (in maps, lists and arrays) by its marker. */
  public static Object encode(Object value) {
    if (value instanceof byte[] bytes) {
      return Map.of("$bin", Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, encode(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(encode(v)));
      return copy;
    }
    if (value instanceof Object[] array) {
      List<Object> copy = new ArrayList<>();
      for (Object v : array) {
        copy.add(encode(v));
      }
      return copy;
    }
    return value;
  }

  /** Whether a node is a binary marker. */
  public static boolean isBinary(JsonNode node) {
    return node != null && node.isObject() && node.size() == 1 && node.has("$bin");
  }

  /** The bytes of a binary marker. */
  public static byte[] bytes(JsonNode node) {
    if (!isBinary(node)) {
      throw new IllegalArgumentException("not a binary value: " + node);
    }
    return Base64.getDecoder().decode(node.get("$bin").asText());
  }
}
