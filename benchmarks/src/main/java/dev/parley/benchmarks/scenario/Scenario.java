package dev.parley.benchmarks.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One bounded benchmark run against one server; it stops by itself and closes every connection it opened. */
public interface Scenario {

  /** {@code fanout}, {@code echo}, {@code connect}, {@code idle} or {@code cluster}. */
  String kind();

  /** The parameters, as recorded in the result. */
  ObjectNode params();

  /**
   * Runs the scenario.
   *
   * @return the result: at least {@code status} ({@code ok}, {@code failed}, {@code skipped}) and the metrics
   */
  ObjectNode run(ScenarioContext ctx) throws Exception;
}
