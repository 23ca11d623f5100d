package dev.parley.examroom.chat;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class SqliteChatStorageTest extends ChatStorageContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.sqlite(dir);
  }
}
