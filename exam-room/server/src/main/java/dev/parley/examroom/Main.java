package dev.parley.examroom;

import dev.parley.examroom.config.AppConfig;
import java.util.concurrent.CountDownLatch;

/** Starts the exam room: {@code java dev.parley.examroom.Main [--key=value ...]}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    AppConfig config;
    try {
      config = AppConfig.load(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ExamRoomApp app = ExamRoomApp.start(config);
    System.out.println("Exam room on http://localhost:" + app.address().getPort() + "/"
        + (config.demo() ? "  (demo accounts are listed on the login page)" : ""));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "exam-room-shutdown"));
    stopped.await();
  }
}
