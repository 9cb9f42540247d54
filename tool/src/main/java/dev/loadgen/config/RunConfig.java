package dev.loadgen.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run needs, validated: where the target is, the load shape, who the simulated users are,
 * what they do (the scenario: actions, auth, data, pools, sockets), the pass/fail thresholds and the earlier run some of them compare with (the baseline), where results go, what loadgen shows of itself while
 * it runs (Prometheus metrics, traces, the live dashboard), the faults it injects on purpose (chaos), and
 * the seed that makes the run's random decisions reproducible, how long loadgen warms its own code before the
 * clock starts ({@code self-warm}, 0: not at all), how much of the load's start is the target's warm-up, sent but
 * left out of the results ({@code warm-up}), the moment at which every instance of a scaled-out run begins its schedule
 * ({@code load.start-at}, empty: when this one is ready); plus the warnings binding raised (things it
 * fixed up, such as a Markov row that did not sum to 1), for the user to read.
 */
public record RunConfig(TargetConfig target, LoadProfile load, Population population,
                        ScenarioSpec scenario, List<Threshold> thresholds, Optional<Path> baseline, OutputConfig output,
                        ObservabilityConfig observe, DashboardConfig dashboard, ChaosConfig chaos, long seed,
                        Duration selfWarm, Duration warmUp, Optional<Instant> startAt, List<String> warnings) {
    /** The environment variable that gives the start time when the config does not (a Kubernetes Job sets it for every pod). */
    public static final String START_AT_VARIABLE = "LOADGEN_START_AT";

    public RunConfig {
        thresholds = List.copyOf(thresholds);
        warnings = List.copyOf(warnings);
    }

    public RunConfig withTarget(TargetConfig t) {
        return new RunConfig(t, load, population, scenario, thresholds, baseline, output, observe, dashboard, chaos, seed, selfWarm, warmUp, startAt, warnings);
    }
}
