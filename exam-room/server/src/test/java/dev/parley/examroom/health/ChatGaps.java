package dev.parley.examroom.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.JsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The history checker of the chat's failure tests: what a client got live, and the gap it fills from the database by
 * offset ({@code history {roomId, after}}, page after page), as docs/events.md's *Filling a gap* tells clients to.
 */
final class ChatGaps {
  private static final int PAGE = 100;

  private ChatGaps() {}

  /** The chat messages a client got live ({@code message_received}), in the order they arrived. */
  static List<JsonNode> live(JsClient client) {
    List<JsonNode> messages = new ArrayList<>();
    client.events("message_received").forEach(e -> messages.add(e.args().get(0)));
    return messages;
  }

  static List<Long> ids(List<JsonNode> messages) {
    return messages.stream().map(m -> m.get("id").asLong()).toList();
  }

  /**
   * Every message after {@code after}, asked for through the client's socket with the last id of each page as the
   * next offset; each page is checked to be in id order, and {@code hasMore} to be exact (no empty last page).
   */
  static List<JsonNode> fillAfter(JsClient client, String roomId, long after) {
    List<JsonNode> filled = new ArrayList<>();
    long offset = after;
    boolean more = true;
    while (more) {
      JsonNode reply = client.emitWithAck("history", Duration.ofSeconds(10),
          Map.of("roomId", roomId, "after", offset, "limit", PAGE)).get("args").get(0);
      assertThat(reply.path("ok").asBoolean()).as("history after %s: %s", offset, reply).isTrue();
      List<JsonNode> page = new ArrayList<>();
      reply.get("messages").forEach(page::add);
      more = reply.get("hasMore").asBoolean();
      assertThat(page).as("a page after %s (hasMore %s)", offset, more).isNotEmpty();
      assertThat(ids(page)).isSorted().doesNotHaveDuplicates().allMatch(id -> id > after);
      filled.addAll(page);
      offset = page.get(page.size() - 1).get("id").asLong();
    }
    return filled;
  }

  /**
   * The newest id a client held before its gap: the last message of the unbroken run, from the room's first stored
   * message, of messages it got live (0 when it lacks the first one).
   */
  static long heldBeforeGap(List<Long> stored, List<Long> live) {
    TreeSet<Long> got = new TreeSet<>(live);
    long held = 0;
    for (long id : stored) {
      if (!got.contains(id)) {
        break;
      }
      held = id;
    }
    return held;
  }

  /** What the client holds once the gap is filled: the live messages and the filled ones, merged by id. */
  static List<Long> merged(List<Long> live, List<JsonNode> filled) {
    TreeSet<Long> all = new TreeSet<>(live);
    all.addAll(ids(filled));
    return List.copyOf(all);
  }
}
