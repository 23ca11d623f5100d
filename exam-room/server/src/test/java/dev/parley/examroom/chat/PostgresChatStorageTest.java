package dev.parley.examroom.chat;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class PostgresChatStorageTest extends ChatStorageContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.postgres(dir);
  }

  @Override
  void dispose(AppConfig config) {
    TestDatabases.dropPostgres(config);
  }
}
