package dev.parley.examroom.domain;

/** The parts of the speaking test, in order. */
public enum Part {
  PART1("part1", "Part 1"),
  PART2_PREP("part2_prep", "Part 2 (preparation)"),
  PART2_TALK("part2_talk", "Part 2"),
  PART3("part3", "Part 3");

  private final String wireName;
  private final String label;

  Part(String wireName, String label) {
    this.wireName = wireName;
    this.label = label;
  }

  public String wireName() {
    return wireName;
  }

  public String label() {
    return label;
  }

  /** The part after this one, or {@code null} after Part 3. */
  public Part next() {
    return this == PART3 ? null : values()[ordinal() + 1];
  }

  public static Part fromWireName(String name) {
    for (Part p : values()) {
      if (p.wireName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown part " + name);
  }
}
