package dev.loadgen.report;

import dev.loadgen.config.LoadProfile;
import java.time.Instant;

/** Facts about a run that the reports state: version, start, model, seed, segment, planned duration. */
public record RunInfo(String version, Instant startedAt, LoadProfile load, long seed, String target) {
    public String model() {
        return load instanceof LoadProfile.Closed ? "closed" : "open";
    }
}
