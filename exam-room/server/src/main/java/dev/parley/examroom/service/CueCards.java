package dev.parley.examroom.service;

import java.util.List;

/** Part 2 cue cards: a topic and the points the candidate should cover. */
final class CueCards {
  record CueCard(String topic, List<String> points) {}

  static final List<CueCard> ALL = List.of(
      new CueCard("Describe a place you visited that you would like to return to",
          List.of("where it is", "when you went there", "what you did there", "and explain why you would like to go back")),
      new CueCard("Describe a skill you learned that took a long time",
          List.of("what the skill is", "how you learned it", "why it took a long time", "and explain how you feel about it now")),
      new CueCard("Describe a book or a film that made you think",
          List.of("what it was", "when you read or saw it", "what it was about", "and explain why it made you think")),
      new CueCard("Describe a person who has helped you",
          List.of("who this person is", "how you know them", "how they helped you", "and explain why it mattered to you")));

  private CueCards() {}

  static CueCard pick(String seed) {
    return ALL.get(Math.floorMod(seed.hashCode(), ALL.size()));
  }
}
