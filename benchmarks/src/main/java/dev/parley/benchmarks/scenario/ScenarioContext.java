package dev.parley.benchmarks.scenario;

import dev.parley.benchmarks.client.ClientLoop;
import dev.parley.benchmarks.client.Target;
import dev.parley.benchmarks.suite.ServerProbe;
import java.util.function.Consumer;

/**
 * What a scenario runs with.
 *
 * @param loop the generator's shared event loop group
 * @param target where the server listens
 * @param probe the server's CPU, memory and GC handle
 * @param log progress lines (to the console)
 */
public record ScenarioContext(ClientLoop loop, Target target, ServerProbe probe, Consumer<String> log) {}
