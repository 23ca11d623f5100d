package dev.parley.examroom.storage;

import dev.parley.examroom.config.AppConfig;
import java.nio.file.Path;

class PostgresRepositoryTest extends RepositoryContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.postgres(dir);
  }

  @Override
  void dispose(AppConfig config) {
    TestDatabases.dropPostgres(config);
  }
}
