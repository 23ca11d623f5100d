package dev.parley.examroom.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BandsTest {

  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource({
      "6, 6, 6, 6, 6.0",   // mean 6.0
      "6, 6, 6, 7, 6.5",   // mean 6.25 rounds up to the half band
      "6, 6, 7, 7, 6.5",   // mean 6.5
      "6, 7, 7, 7, 7.0",   // mean 6.75 rounds up to the whole band
      "9, 9, 9, 9, 9.0",
      "0, 0, 0, 1, 0.5",
      "5, 6, 7, 8, 6.5",   // mean 6.5
      "4, 5, 5, 5, 5.0",   // mean 4.75
      "8, 8, 8, 9, 8.5"})  // mean 8.25
  void roundsTheIeltsWay(int a, int b, int c, int d, String overall) {
    assertThat(Bands.format(Bands.overallTenths(a, b, c, d))).isEqualTo(overall);
  }

  @ParameterizedTest
  @CsvSource({"-1, 5, 5, 5", "10, 5, 5, 5"})
  void refusesBandsOutOfRange(int a, int b, int c, int d) {
    assertThatThrownBy(() -> Bands.overallTenths(a, b, c, d)).isInstanceOf(IllegalArgumentException.class);
  }
}
