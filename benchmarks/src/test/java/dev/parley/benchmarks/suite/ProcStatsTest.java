package dev.parley.benchmarks.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

  @Test
  void readsCpuTicksEvenWhenTheCommandHasBlanksAndParentheses() {
    String stat = "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 500 0 0 0 150 25 0 0 20 0 8 0 100 1000 50";
    assertThat(ProcStats.cpuTicksFromStat(stat)).isEqualTo(175);
  }

  @Test
  void readsVmRss() {
    assertThat(ProcStats.rssKbFromStatus("Name:\tnode\nVmPeak:\t 9 kB\nVmRSS:\t   51234 kB\nThreads: 7\n"))
        .isEqualTo(51234);
    assertThat(ProcStats.rssKbFromStatus("Name:\tzombie\n")).isEqualTo(-1);
  }

  @Test
  void readsTotalAndStealJiffies() {
    long[] v = ProcStats.totalAndStealFromProcStat("cpu  10 1 5 100 2 0 3 7 0 0\ncpu0 1 1 1 1 1 1 1 1 0 0\n");
    assertThat(v).containsExactly(128, 7);
  }

  @Test
  void measuresThisProcess() {
    assertThat(ProcStats.rssBytes(ProcessHandle.current().pid())).isPositive();
    assertThat(ProcStats.selfCpuNanos()).isNotNegative();
  }
}
