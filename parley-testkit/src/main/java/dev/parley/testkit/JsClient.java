package dev.parley.testkit;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One socket of the official JavaScript client, driven through {@link JsClientDriver}. It records every event it
 * receives ({@code connect}, {@code disconnect}, {@code connect_error}, server events, {@code upgrade},
 * {@code reconnect}); the await methods wait for them with a deadline.
 */
public final class JsClient {
  /** A received event: its name, its arguments (binary as markers, see {@link Values}), whether an ack was asked. */
  public record Event(String name, JsonNode args, boolean ackRequested) {}

  private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

  private final JsClientDriver driver;
  private final String name;
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> consumed = new ConcurrentHashMap<>();

  JsClient(JsClientDriver driver, String name) {
    this.driver = driver;
    this.name = name;
  }

  public String name() {
    return name;
  }

  void record(JsonNode message) {
    events.add(new Event(message.path("event").asText(), message.path("args"),
        message.path("ackRequested").asBoolean(false)));
  }

  /** Every event received so far with this name. */
  public List<Event> events(String event) {
    List<Event> list = new ArrayList<>();
    for (Event e : events) {
      if (e.name.equals(event)) {
        list.add(e);
      }
    }
    return list;
  }

  /** Every event received so far. */
  public List<Event> allEvents() {
    return List.copyOf(events);
  }

  /** Waits for the next not yet awaited event with this name, and returns its arguments. */
  public JsonNode awaitEvent(String event) {
    return awaitEvent(event, DEFAULT_WAIT);
  }

  /** Waits for the next not yet awaited event with this name, within {@code timeout}. */
  public JsonNode awaitEvent(String event, Duration timeout) {
    int index = consumed.getOrDefault(event, 0);
    await("event " + event + " on " + name).atMost(timeout).pollInterval(Duration.ofMillis(5))
        .until(() -> events(event).size() > index);
    consumed.put(event, index + 1);
    return events(event).get(index).args;
  }

  /** Emits an event. */
  public void emit(String event, Object... args) {
    driver.call("emit", command(event, args));
  }

  /** Emits a volatile event. */
  public void emitVolatile(String event, Object... args) {
    ObjectNode cmd = command(event, args);
    cmd.put("volatile", true);
    driver.call("emit", cmd);
  }

  /**
   * Emits with an acknowledgement and waits for it.
   *
   * @param timeout the client-side ack timeout ({@code socket.timeout(ms)}); the result then holds {@code error}
   *     when it expired
   * @return {@code {"args": [...]}} or {@code {"error": "operation has timed out"}}
   */
  public JsonNode emitWithAck(String event, Duration timeout, Object... args) {
    ObjectNode cmd = command(event, args);
    cmd.put("ack", true);
    cmd.put("timeout", timeout.toMillis());
    return driver.callAsync("emit", cmd).join();
  }

  /** What this client answers when the server emits {@code event} with an acknowledgement. */
  public void ackReplyFor(String event, Object... args) {
    ObjectNode cmd = command(event, args);
    driver.call("ackReply", cmd);
  }

  /** Makes this client never acknowledge {@code event} (to test server-side timeouts). */
  public void neverAck(String event) {
    driver.call("ackSilence", command(event, new Object[0]));
  }

  /** {@code {connected, id, transport, recovered}}. */
  public JsonNode state() {
    ObjectNode cmd = JsClientDriver.JSON.createObjectNode();
    cmd.put("client", name);
    return driver.call("state", cmd);
  }

  /** {@code socket.disconnect()}. */
  public void disconnect() {
    simple("disconnect");
  }

  /** Closes the Engine.IO connection as a network failure would (the client may reconnect). */
  public void closeEngine() {
    simple("closeEngine");
  }

  /** {@code socket.connect()} after a disconnection. */
  public void connectAgain() {
    simple("connectAgain");
  }

  private void simple(String cmdName) {
    ObjectNode cmd = JsClientDriver.JSON.createObjectNode();
    cmd.put("client", name);
    driver.call(cmdName, cmd);
  }

  private ObjectNode command(String event, Object[] args) {
    ObjectNode cmd = JsClientDriver.JSON.createObjectNode();
    cmd.put("client", name);
    cmd.put("event", event);
    cmd.set("args", JsClientDriver.JSON.valueToTree(Values.encode(args)));
    return cmd;
  }

  @Override
  public String toString() {
    return "JsClient[" + name + "]";
  }
}
