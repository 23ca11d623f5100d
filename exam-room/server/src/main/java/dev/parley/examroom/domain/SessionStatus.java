package dev.parley.examroom.domain;

/** The states of a test session, with the labels the seeds and the UI use. */
public enum SessionStatus {
  SCHEDULED("Scheduled"),
  WAITING("Waiting"),
  IN_PROGRESS("In Progress"),
  PAUSED("Paused"),
  COMPLETED("Completed"),
  ABORTED("Aborted");

  private final String label;

  SessionStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isTerminal() {
    return this == COMPLETED || this == ABORTED;
  }
}
