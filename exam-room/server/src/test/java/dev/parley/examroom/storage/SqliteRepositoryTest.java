package dev.parley.examroom.storage;

import dev.parley.examroom.config.AppConfig;
import java.nio.file.Path;

class SqliteRepositoryTest extends RepositoryContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.sqlite(dir);
  }
}
