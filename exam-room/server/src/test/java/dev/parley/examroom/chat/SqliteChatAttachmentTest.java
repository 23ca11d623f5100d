package dev.parley.examroom.chat;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class SqliteChatAttachmentTest extends ChatAttachmentContract {
  @Override
  AppConfig newConfig(Path dir, String... extra) {
    return TestDatabases.sqlite(dir, extra);
  }
}
