package dev.loadgen.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The run's meters: one {@link EndpointMeter} per (service, endpoint), created on first use and kept in
 * creation order, plus the user, session, chaos and skipped-step counters, and the threshold that aborted
 * the run if one did ({@link ThresholdWatch}). It is the {@link Recorder} the protocol layer writes to.
 *
 * <p>Endpoints are bounded: an endpoint holds ten HdrHistogram count arrays (its recorders, double-buffered, and
 * its totals), 0.2 to 2 MB once it has traffic (latencies of milliseconds to seconds at three significant digits),
 * and is collected every second, so a scenario or plug-in that names endpoints by raw URL would exhaust memory and
 * CPU. Past {@link #MAX_ENDPOINTS}, more than a scenario names by route template, every new endpoint is counted in
 * one meter, {@link #OTHER_SERVICE} {@value #OTHER_NAME}, and one warning says so, as Prometheus users expect of a
 * series limit.
 */
public final class Metrics implements Recorder {
    public static final int MAX_ENDPOINTS = 200;
    public static final String OTHER_SERVICE = "_overflow_";
    public static final String OTHER_NAME = "* (other endpoints)";

    private final Map<String, EndpointMeter> byKey = new ConcurrentHashMap<>();
    private final List<EndpointMeter> ordered = new CopyOnWriteArrayList<>();
    private final int maxEndpoints;
    private final Consumer<String> warn;
    private final AtomicReference<EndpointMeter> other = new AtomicReference<>();
    private final UserCounters users = new UserCounters();
    private final ChaosCounters chaos = new ChaosCounters();
    private final Skips skips = new Skips();
    private final AtomicReference<ThresholdCheck.Result> abortedBy = new AtomicReference<>();
    /** loadgen's own delay: from a request's intended start to its send, microseconds, every endpoint together. */
    private final org.HdrHistogram.Recorder lag = new org.HdrHistogram.Recorder(3);

    /** Meters for at most {@link #MAX_ENDPOINTS} endpoints; a warning, when there are more, goes nowhere. */
    public Metrics() {
        this(MAX_ENDPOINTS, w -> { });
    }

    /** Meters for at most {@link #MAX_ENDPOINTS} endpoints, with the one warning when there are more to {@code warn}. */
    public Metrics(Consumer<String> warn) {
        this(MAX_ENDPOINTS, warn);
    }

    Metrics(int maxEndpoints, Consumer<String> warn) {
        this.maxEndpoints = maxEndpoints;
        this.warn = warn;
    }

    /**
     * The meter for an endpoint; the same instance for the same service and name. Once there are
     * {@link #MAX_ENDPOINTS} (a soft cap: threads racing for the last place may each take one), a new endpoint gets
     * the meter of the other endpoints.
     */
    public EndpointMeter endpoint(String service, String name, String method) {
        String key = service + '\u0000' + name;
        EndpointMeter known = byKey.get(key);
        if (known != null) {
            return known;
        }
        if (byKey.size() >= maxEndpoints) {
            return other(service, name);
        }
        return byKey.computeIfAbsent(key, k -> {
            EndpointMeter m = new EndpointMeter(service, name, method);
            ordered.add(m);
            return m;
        });
    }

    private EndpointMeter other(String service, String name) {
        EndpointMeter m = other.get();
        if (m == null) {
            EndpointMeter made = new EndpointMeter(OTHER_SERVICE, OTHER_NAME, "*");
            if (other.compareAndSet(null, made)) {
                ordered.add(made);
                warn.accept("more than " + maxEndpoints + " endpoints: " + service + " " + name + " and every later one are counted together as "
                        + OTHER_SERVICE + " " + OTHER_NAME + "; name endpoints by route template (a request step's name:, like GET /items/{id}), "
                        + "not by raw URL");
            }
            m = other.get();
        }
        return m;
    }

    @Override
    public void record(RequestSample sample) {
        sample.endpoint().record(sample);
        lag.recordValue(Math.max(0, (sample.sentNanos() - sample.intendedStartNanos()) / 1000));
    }

    @Override
    public void opened(ConnectionSample sample) {
        sample.endpoint().opened(sample);
    }

    @Override
    public void record(RequestSample sample, String errorText) {
        record(sample);
        sample.endpoint().errorText(errorText);
    }

    /**
     * The generator's lag since the last call: how late loadgen sent requests after their intended start (the end of a
     * think time, an arrival), microseconds. Its own delay, in every latency and in no service time.
     */
    public org.HdrHistogram.Histogram intervalLag(org.HdrHistogram.Histogram recycle) {
        return lag.getIntervalHistogram(recycle);
    }

    public List<EndpointMeter> endpoints() {
        return List.copyOf(ordered);
    }

    public UserCounters users() {
        return users;
    }

    public ChaosCounters chaos() {
        return chaos;
    }

    public Skips skips() {
        return skips;
    }

    /** Records that {@code failed} aborted the run; only the first such threshold is kept. */
    public void abortedBy(ThresholdCheck.Result failed) {
        abortedBy.compareAndSet(null, failed);
    }

    /** The threshold that aborted the run, with its value then, if one did. */
    public Optional<ThresholdCheck.Result> abortedBy() {
        return Optional.ofNullable(abortedBy.get());
    }
}
