package dev.loadgen.config;

import java.util.List;

/**
 * Everything a run needs, validated: where the target is, the load shape, who the simulated users are,
 * any generic HTTP requests, the pass/fail thresholds, where results go, the seed that makes the
 * run's random decisions reproducible, and the live dashboard.
 */
public record RunConfig(TargetConfig target, LoadProfile load, Population population,
                        List<RequestSpec> requests, List<Threshold> thresholds, OutputConfig output, long seed,
                        DashboardConfig dashboard) {
    public RunConfig {
        requests = List.copyOf(requests);
        thresholds = List.copyOf(thresholds);
    }

    public RunConfig withTarget(TargetConfig t) {
        return new RunConfig(t, load, population, requests, thresholds, output, seed, dashboard);
    }
}
