package dev.loadgen.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The counters and latency recorders of one endpoint ({@code posts}, {@code GET /posts/{id}}). Resolved
 * once by the behaviours, so recording a sample does no lookup: two histogram writes and two adds.
 * Latencies are recorded in microseconds with three significant digits.
 */
public final class EndpointMeter {
    private static final int MAX_STATUS = 600;

    private final String service;
    private final String name;
    private final String method;
    private final org.HdrHistogram.Recorder latency = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder serviceTime = new org.HdrHistogram.Recorder(3);
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final AtomicLongArray statuses = new AtomicLongArray(MAX_STATUS);
    private final LongAdder sent = new LongAdder();
    private final ErrorTexts errorTexts = new ErrorTexts();

    EndpointMeter(String service, String name, String method) {
        this.service = service;
        this.name = name;
        this.method = method;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    public String service() {
        return service;
    }

    /** The endpoint as the user reads it: method and route template, e.g. {@code GET /posts/{id}}. */
    public String name() {
        return name;
    }

    public String method() {
        return method;
    }

    void record(RequestSample s) {
        long latencyMicros = Math.max(0, s.latencyNanos() / 1000);
        latency.recordValue(latencyMicros);
        serviceTime.recordValue(Math.max(0, s.serviceTimeNanos() / 1000));
        outcomes[s.outcome().ordinal()].increment();
        if (s.status() > 0 && s.status() < MAX_STATUS) {
            statuses.incrementAndGet(s.status());
        }
        sent.increment();
    }

    void errorText(String text) {
        errorTexts.add(text);
    }

    /** The error texts seen so far, each with its count (bounded: see {@link ErrorTexts}). */
    public Map<String, Long> errorTexts() {
        return errorTexts.counts();
    }

    long errorTextTotal() {
        return errorTexts.total();
    }

    /** Every request sent to this endpoint, whatever its outcome. */
    public long count() {
        return sent.sum();
    }

    public long outcome(Outcome o) {
        return outcomes[o.ordinal()].sum();
    }

    public long status(int code) {
        return code > 0 && code < MAX_STATUS ? statuses.get(code) : 0;
    }

    /** Status codes received at least once, in order. */
    public int[] statusesSeen() {
        return java.util.stream.IntStream.range(1, MAX_STATUS).filter(c -> statuses.get(c) > 0).toArray();
    }

    /**
     * This interval's latencies. The histogram given back is reused for the interval after next, which
     * keeps the recorders at their grown size instead of resizing them every second.
     */
    Histogram intervalLatency(Histogram recycle) {
        return latency.getIntervalHistogram(recycle);
    }

    Histogram intervalServiceTime(Histogram recycle) {
        return serviceTime.getIntervalHistogram(recycle);
    }

    @Override
    public String toString() {
        return service + " " + name;
    }
}
