package dev.parley.examroom.recording;

import dev.parley.examroom.config.AppConfig;
import dev.parley.examroom.storage.TestDatabases;
import java.nio.file.Path;

class RecordingRepositorySqliteTest extends RecordingRepositoryContract {
  @Override
  AppConfig newConfig(Path dir) {
    return TestDatabases.sqlite(dir);
  }
}
