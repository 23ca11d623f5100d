package dev.parley.examroom.chat;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class PostgresChatAttachmentTest extends ChatAttachmentContract {
  @Override
  AppConfig newConfig(Path dir, String... extra) {
    return TestDatabases.postgres(dir, extra);
  }

  @Override
  void dispose(AppConfig config) {
    TestDatabases.dropPostgres(config);
  }
}
