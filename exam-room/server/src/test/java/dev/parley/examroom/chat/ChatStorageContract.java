package dev.parley.examroom.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.domain.Role;
import dev.parley.examroom.domain.User;
import dev.parley.examroom.service.ApiException;
import dev.parley.examroom.service.AppClock;
import dev.parley.examroom.storage.Database;
import dev.parley.examroom.storage.UserRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat storage rules on a real database: history pages, idempotent sends, receipts, moderation. */
abstract class ChatStorageContract {
  @TempDir
  Path dir;
  AppConfig config;
  Database db;
  ChatService chat;
  final Principal alice = new Principal("u-alice", "alice", "Alice", Role.CANDIDATE, Long.MAX_VALUE);
  final Principal bob = new Principal("u-bob", "bob", "Bob", Role.CANDIDATE, Long.MAX_VALUE);
  final Principal erin = new Principal("u-erin", "erin", "Erin", Role.EXAMINER, Long.MAX_VALUE);

  abstract AppConfig newConfig(Path dir);

  void dispose(AppConfig config) {}

  @BeforeEach
  void open() {
    config = newConfig(dir);
    db = Database.open(config);
    UserRepository users = new UserRepository();
    db.inTransaction(c -> {
      for (Principal p : List.of(alice, bob, erin)) {
        users.insert(c, new User(p.userId(), p.username(), p.displayName(), p.role()), "x", 1);
      }
      return null;
    });
    chat = new ChatService(db, new AppClock(Clock.systemUTC(), false), config.chat());
    chat.ensurePublicRooms();
    chat.join(alice, "lobby").join();
    chat.join(bob, "lobby").join();
  }

  @AfterEach
  void close() {
    db.close();
    dispose(config);
  }

  @Test
  void historyPagesBackwardsWithoutGapsOrDuplicates() {
    for (int i = 0; i < 230; i++) {
      chat.send(i % 2 == 0 ? alice : bob, "lobby", "m" + i, "c" + i, null).join();
    }
    List<Long> seen = new ArrayList<>();
    long before = 0;
    while (true) {
      Map<String, Object> page = chat.history(alice, "lobby", before, 50).join();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> messages = (List<Map<String, Object>>) page.get("messages");
      if (messages.isEmpty()) {
        break;
      }
      List<Long> ids = messages.stream().map(m -> (Long) m.get("id")).toList();
      assertThat(ids).isSorted();
      for (int i = ids.size() - 1; i >= 0; i--) {
        seen.add(ids.get(i));
      }
      before = ids.get(0);
      if (!(Boolean) page.get("hasMore")) {
        break;
      }
    }
    assertThat(seen).hasSize(230);
    assertThat(new HashSet<>(seen)).hasSize(230);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)).as("strictly decreasing").isLessThan(seen.get(i - 1));
    }
  }

  @Test
  void historyAfterAnOffsetGivesEachLaterMessageOnceInOrder() {
    List<Long> sent = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      sent.add(chat.send(i % 2 == 0 ? alice : bob, "lobby", "m" + i, "a" + i, null).join().message().id());
    }
    // a client holding the first 17 messages fills the rest, page after page, from the last id of each
    long after = sent.get(16);
    List<Long> filled = new ArrayList<>();
    int pages = 0;
    boolean more = true;
    while (more) {
      Map<String, Object> page = chat.historyAfter(alice, "lobby", after, 50).join();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> messages = (List<Map<String, Object>>) page.get("messages");
      messages.forEach(m -> filled.add((Long) m.get("id")));
      more = (Boolean) page.get("hasMore");
      after = filled.get(filled.size() - 1);
      pages++;
    }
    assertThat(filled).containsExactlyElementsOf(sent.subList(17, 120));
    assertThat(pages).as("hasMore is exact: no empty last page").isEqualTo(3);
    assertThat(chat.historyAfter(alice, "lobby", 0, 5).join().get("messages")).asList().hasSize(5);
    assertThat(chat.historyAfter(alice, "lobby", sent.get(119), 50).join()).containsEntry("hasMore", false)
        .containsEntry("messages", List.of());
    assertThatThrownBy(() -> chat.historyAfter(alice, "lobby", -1, 50)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> chat.historyAfter(erin, "nowhere", 0, 50).join())
        .hasCauseInstanceOf(ApiException.class);
  }

  @Test
  void aResendWithTheSameClientIdIsStoredOnce() {
    ChatService.Sent first = chat.send(alice, "lobby", "hello", "client-1", null).join();
    ChatService.Sent again = chat.send(alice, "lobby", "hello", "client-1", null).join();
    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.message().id()).isEqualTo(first.message().id());
    @SuppressWarnings("unchecked")
    List<Object> messages = (List<Object>) chat.history(bob, "lobby", 0, 50).join().get("messages");
    assertThat(messages).hasSize(1);
    // the same client id from another user is another message
    assertThat(chat.send(bob, "lobby", "hello", "client-1", null).join().duplicate()).isFalse();
  }

  @Test
  void receiptsOnlyUpgradeAndMoveTheReadMarker() {
    ChatMessage m = chat.send(alice, "lobby", "hi", "c1", null).join().message();
    assertThat(unread(bob)).isEqualTo(1);
    assertThat(chat.receipt(bob, m.id(), "delivered").join()).isNotNull();
    assertThat(chat.receipt(bob, m.id(), "delivered").join()).isNull();
    assertThat(chat.receipt(bob, m.id(), "seen").join()).isNotNull();
    assertThat(chat.receipt(bob, m.id(), "delivered").join()).as("never downgraded").isNull();
    assertThat(unread(bob)).isZero();
    assertThat(chat.receipt(alice, m.id(), "seen").join()).as("own message").isNull();
  }

  private int unread(Principal p) {
    return chat.rooms(p).join().stream().filter(r -> r.get("id").equals("lobby"))
        .map(r -> (Integer) r.get("unread")).findFirst().orElseThrow();
  }

  @Test
  void mutedUsersCannotWriteAndOnlyModeratorsMute() {
    assertThatThrownBy(() -> chat.mute(alice, "lobby", bob.userId(), true).join())
        .hasCauseInstanceOf(ApiException.class);
    chat.join(erin, "lobby").join();
    chat.mute(erin, "lobby", bob.userId(), true).join();
    assertThatThrownBy(() -> chat.send(bob, "lobby", "x", "b1", null).join())
        .hasRootCauseMessage("you are muted in this room");
    chat.mute(erin, "lobby", bob.userId(), false).join();
    assertThat(chat.send(bob, "lobby", "x", "b1", null).join().duplicate()).isFalse();
  }

  @Test
  void onlyTheAuthorEditsAndDeletes() {
    ChatMessage m = chat.send(alice, "lobby", "typo", "c1", null).join().message();
    assertThatThrownBy(() -> chat.edit(bob, m.id(), "hijack").join()).hasCauseInstanceOf(ApiException.class);
    ChatMessage edited = chat.edit(alice, m.id(), "fixed").join();
    assertThat(edited.text()).isEqualTo("fixed");
    assertThat(edited.view()).containsEntry("edited", true);
    ChatMessage deleted = chat.delete(alice, m.id()).join();
    assertThat(deleted.view()).containsEntry("deleted", true).containsEntry("text", "");
  }

  @Test
  void privateConversationsAreForTheirTwoUsersOnly() {
    ChatRoom dm = chat.openDirect(alice, bob.userId()).join();
    assertThat(chat.openDirect(bob, alice.userId()).join().id()).isEqualTo(dm.id());
    chat.send(alice, dm.id(), "psst", "d1", null).join();
    assertThatThrownBy(() -> chat.join(erin, dm.id()).join()).hasCauseInstanceOf(ApiException.class);
    assertThatThrownBy(() -> chat.history(erin, dm.id(), 0, 50).join()).hasCauseInstanceOf(ApiException.class);
  }

  @Test
  void messagesAreLimitedInLength() {
    String tooLong = "x".repeat(config.chat().maxMessageLength() + 1);
    assertThatThrownBy(() -> chat.send(alice, "lobby", tooLong, "c1", null)).isInstanceOf(ApiException.class);
    assertThat(chat.send(alice, "lobby", tooLong.substring(1), "c2", null).join().duplicate()).isFalse();
  }

  @Test
  void theSendersHistoryCarriesTheBestReceiptOfEachOwnMessage() {
    ChatMessage seen = chat.send(alice, "lobby", "one", "r1", null).join().message();
    ChatMessage delivered = chat.send(alice, "lobby", "two", "r2", null).join().message();
    chat.send(alice, "lobby", "three", "r3", null).join();
    chat.send(bob, "lobby", "four", "r4", null).join();
    chat.receipt(bob, seen.id(), "delivered").join();
    chat.receipt(bob, seen.id(), "seen").join();
    chat.receipt(bob, delivered.id(), "delivered").join();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> mine = (List<Map<String, Object>>) chat.history(alice, "lobby", 0, 50).join()
        .get("messages");
    assertThat(mine).extracting(m -> m.get("receipt")).containsExactly("seen", "delivered", "sent", null);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> joined = (List<Map<String, Object>>) chat.join(alice, "lobby").join().get("history");
    assertThat(joined).extracting(m -> m.get("receipt")).containsExactly("seen", "delivered", "sent", null);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> theirs = (List<Map<String, Object>>) chat.history(bob, "lobby", 0, 50).join()
        .get("messages");
    assertThat(theirs).extracting(m -> m.get("receipt")).containsExactly(null, null, null, "sent");
  }

  @Test
  void theRoomListNamesTheOtherUserOfAPrivateConversation() {
    ChatRoom dm = chat.openDirect(alice, bob.userId()).join();
    Map<String, Object> forAlice = chat.rooms(alice).join().stream().filter(r -> r.get("id").equals(dm.id()))
        .findFirst().orElseThrow();
    assertThat(forAlice.get("peer")).isEqualTo(Map.of("id", bob.userId(), "displayName", "Bob"));
    Map<String, Object> forBob = chat.rooms(bob).join().stream().filter(r -> r.get("id").equals(dm.id()))
        .findFirst().orElseThrow();
    assertThat(forBob.get("peer")).isEqualTo(Map.of("id", alice.userId(), "displayName", "Alice"));
    assertThat(chat.join(alice, "lobby").join()).containsEntry("maxMessageLength", config.chat().maxMessageLength())
        .containsKey("editWindowMs").containsEntry("unread", 0);
    chat.send(bob, "lobby", "one", "u1", null).join();
    chat.send(bob, "lobby", "two", "u2", null).join();
    chat.send(alice, "lobby", "mine", "u3", null).join();
    assertThat(chat.join(alice, "lobby").join()).as("messages by others after the read marker").containsEntry("unread", 0);
    chat.send(bob, "lobby", "three", "u4", null).join();
    assertThat(chat.join(alice, "lobby").join()).containsEntry("unread", 1);
    assertThat(chat.join(bob, "lobby").join()).as("his own send moved his marker").containsEntry("unread", 0);
  }

}
