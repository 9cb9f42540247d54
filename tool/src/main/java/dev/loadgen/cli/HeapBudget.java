package dev.loadgen.cli;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Values;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the users a run asks for fit loadgen's heap, said before the load starts rather than found out as an
 * out-of-memory in the middle of it. The figures are measured, with a margin: loadgen itself takes about 30 MB of
 * live heap, and each user 3.4 KB (an HTTP user thinking) to 20 KB (a user with a request always in flight, {@code
 * --think 0}); chat users 11.6 KB while they think (docs/benchmarks.md, "Memory per simulated user"). A response body
 * a check reads comes on top, up to {@code target.max-response-body} per user reading one.
 */
record HeapBudget(long maxHeapBytes) {
    static final long BASE_BYTES = 64L * 1024 * 1024;
    static final long PER_USER_BYTES = 32L * 1024;

    static HeapBudget ofThisJvm() {
        return new HeapBudget(Runtime.getRuntime().maxMemory());
    }

    /** The most users at once in a load: the closed model's peak, the open model's cap. */
    static int users(LoadProfile load) {
        return switch (load) {
            case LoadProfile.Closed c -> c.peakUsers();
            case LoadProfile.Open o -> o.maxUsers();
        };
    }

    /** The warning when {@code users} would not fit, naming what they need, the ceiling, and both ways out. */
    Optional<String> check(int users) {
        long need = BASE_BYTES + users * PER_USER_BYTES;
        if (need <= maxHeapBytes) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%,d users need about %s of heap (%s each, measured), over loadgen's ceiling of %s; "
                + "give it more (LOADGEN_JAVA_OPTS=-XX:MaxRAMPercentage=75 or -Xmx%dg; in a container, a larger memory limit), or share "
                + "the users among instances (--segment i/n, docs/scaling.md)", users, Values.formatBytes(need), Values.formatBytes(PER_USER_BYTES),
                Values.formatBytes(maxHeapBytes), Math.max(1, (need * 5 / 4 + (1L << 30) - 1) >> 30)));
    }
}
