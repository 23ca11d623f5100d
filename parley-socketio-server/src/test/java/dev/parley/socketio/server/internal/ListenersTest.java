package dev.parley.socketio.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ListenersTest {

  @Test
  void keepsOrderAndAddsFirstOnRequest() {
    Listeners<String> list = new Listeners<>();
    assertThat(list.isEmpty()).isTrue();

    list.add("b");
    list.add("c");
    list.addFirst("a");

    assertThat(list).containsExactly("a", "b", "c");
    assertThat(list.size()).isEqualTo(3);
    assertThat(list.get(0)).isEqualTo("a");
    assertThat(list.snapshot()).containsExactly("a", "b", "c");
  }

  @Test
  void removesTheFirstOccurrenceOnlyAndIgnoresStrangers() {
    Listeners<String> list = new Listeners<>();
    list.add("x");
    list.add("y");
    list.add("x");

    list.remove("x");
    list.remove("nobody");

    assertThat(list).containsExactly("y", "x");
    list.remove("y");
    list.remove("x");
    assertThat(list.isEmpty()).isTrue();
  }

  @Test
  void anIterationSeesTheListAsItWasWhenItBegan() {
    Listeners<Runnable> list = new Listeners<>();
    List<String> calls = new ArrayList<>();
    Runnable second = () -> calls.add("second");
    Runnable[] first = new Runnable[1];
    first[0] = () -> {
      calls.add("first");
      list.remove(first[0]);
      list.remove(second);
      list.add(() -> calls.add("added while iterating"));
    };
    list.add(first[0]);
    list.add(second);

    for (Runnable r : list) {
      r.run();
    }

    assertThat(calls).containsExactly("first", "second");
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void concurrentAddsAreNeverLost() throws Exception {
    Listeners<Integer> list = new Listeners<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          for (int i = 0; i < 1000; i++) {
            list.add(base + i);
          }
        });
      }
      start.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }

    assertThat(list.size()).isEqualTo(4000);
    assertThat(list.snapshot()).doesNotHaveDuplicates();
  }
}
