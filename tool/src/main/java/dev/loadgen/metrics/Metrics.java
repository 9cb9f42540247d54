package dev.loadgen.metrics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run's meters: one {@link EndpointMeter} per (service, endpoint), created on first use and kept in
 * creation order, plus the user, session, chaos and skipped-step counters, and the threshold that aborted
 * the run if one did ({@link ThresholdWatch}). It is the {@link Recorder} the protocol layer writes to.
 */
public final class Metrics implements Recorder {
    private final Map<String, EndpointMeter> byKey = new ConcurrentHashMap<>();
    private final List<EndpointMeter> ordered = new CopyOnWriteArrayList<>();
    private final UserCounters users = new UserCounters();
    private final ChaosCounters chaos = new ChaosCounters();
    private final Skips skips = new Skips();
    private final AtomicReference<ThresholdCheck.Result> abortedBy = new AtomicReference<>();
    /** loadgen's own delay: from a request's intended start to its send, microseconds, every endpoint together. */
    private final org.HdrHistogram.Recorder lag = new org.HdrHistogram.Recorder(3);

    /** The meter for an endpoint; the same instance for the same service and name. */
    public EndpointMeter endpoint(String service, String name, String method) {
        return byKey.computeIfAbsent(service + '\u0000' + name, k -> {
            EndpointMeter m = new EndpointMeter(service, name, method);
            ordered.add(m);
            return m;
        });
    }

    @Override
    public void record(RequestSample sample) {
        sample.endpoint().record(sample);
        lag.recordValue(Math.max(0, (sample.sentNanos() - sample.intendedStartNanos()) / 1000));
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
