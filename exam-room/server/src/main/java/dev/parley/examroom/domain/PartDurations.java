package dev.parley.examroom.domain;

/** The length of each part of one session, in milliseconds. */
public record PartDurations(long part1, long prep, long talk, long part3) {

  public PartDurations {
    if (part1 <= 0 || prep <= 0 || talk <= 0 || part3 <= 0) {
      throw new IllegalArgumentException("part durations must be positive");
    }
  }

  public long of(Part part) {
    return switch (part) {
      case PART1 -> part1;
      case PART2_PREP -> prep;
      case PART2_TALK -> talk;
      case PART3 -> part3;
    };
  }
}
