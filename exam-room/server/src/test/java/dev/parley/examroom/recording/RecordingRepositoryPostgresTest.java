package dev.parley.examroom.recording;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class RecordingRepositoryPostgresTest extends RecordingRepositoryContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.postgres(dir);
  }

  @Override
  void dispose(AppConfig config) {
    TestDatabases.dropPostgres(config);
  }
}
