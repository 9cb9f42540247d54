package dev.loadgen.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * The counters and latency recorders of one endpoint ({@code posts}, {@code GET /posts/{id}}). Resolved
 * once by the behaviours, so recording a sample does no lookup: two histogram writes and three adds (a
 * fourth write, of an exemplar, only for traced requests). Latencies are recorded in microseconds with
 * three significant digits. Responses are counted per status and outcome together, which is what
 * {@code loadgen_requests_total} exposes; the per-status and per-outcome figures are sums of those.
 */
public final class EndpointMeter {
    private static final int MAX_STATUS = 600;

    private final String service;
    private final String name;
    private final String method;
    private final org.HdrHistogram.Recorder latency = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder serviceTime = new org.HdrHistogram.Recorder(3);
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private static final int OUTCOMES = Outcome.values().length;

    private final String template;
    /**
     * By status (0: no response), the counts by outcome, made when the status first ends a request: an endpoint sees a
     * few statuses, and a table of them all would be 43 KB per endpoint.
     */
    private final AtomicReferenceArray<AtomicLongArray> byStatusOutcome = new AtomicReferenceArray<>(MAX_STATUS);
    private final LongAdder sent = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final LongAdder[] protocols = new LongAdder[HttpProtocol.values().length];
    private final LongAdder bodyWireBytes = new LongAdder();
    private final ErrorTexts errorTexts = new ErrorTexts();
    private final Exemplars exemplars = new Exemplars(ClassicHistogram.LATENCY_SECONDS);
    private final Map<String, CheckCounter> checks = new java.util.concurrent.ConcurrentHashMap<>();
    /** Made on the first connection a request of this endpoint opens: most endpoints reuse connections and need none. */
    private volatile ConnectionMeter connections;

    EndpointMeter(String service, String name, String method) {
        this.service = service;
        this.name = name;
        this.method = method;
        this.template = name.substring(name.indexOf(' ') + 1);
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        for (int i = 0; i < protocols.length; i++) {
            protocols[i] = new LongAdder();
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

    /** The route template alone, without the method: {@code /posts/{id}}. */
    public String template() {
        return template;
    }

    void record(RequestSample s) {
        long latencyMicros = Math.max(0, s.latencyNanos() / 1000);
        latency.recordValue(latencyMicros);
        serviceTime.recordValue(Math.max(0, s.serviceTimeNanos() / 1000));
        outcomes[s.outcome().ordinal()].increment();
        int status = s.status() > 0 && s.status() < MAX_STATUS ? s.status() : 0;
        outcomes(status).incrementAndGet(s.outcome().ordinal());
        sent.increment();
        if (s.bodyBytes() > 0) {
            bodyBytes.add(s.bodyBytes());
        }
        if (s.bodyWireBytes() > 0) {
            bodyWireBytes.add(s.bodyWireBytes());
        }
        if (s.traced()) {
            exemplars.offer(latencyMicros / 1e6, s.traceId(), s.spanId(), s.endNanos());
        }
    }

    void opened(ConnectionSample s) {
        ConnectionMeter c = connections;
        if (c == null) {
            synchronized (this) {
                c = connections;
                if (c == null) {
                    c = new ConnectionMeter();
                    connections = c;
                }
            }
        }
        c.record(s);
    }

    /** The connections this endpoint's requests opened since the last call (the collector's, once per interval). */
    ConnectionInterval intervalConnections() {
        ConnectionMeter c = connections;
        return c == null ? ConnectionInterval.NONE : c.interval();
    }

    private AtomicLongArray outcomes(int status) {
        AtomicLongArray counts = byStatusOutcome.get(status);
        if (counts == null) {
            byStatusOutcome.compareAndSet(status, null, new AtomicLongArray(OUTCOMES));
            counts = byStatusOutcome.get(status);
        }
        return counts;
    }

    /** The counter of a named check on this endpoint's responses; the same one for the same name. */
    public CheckCounter check(String name) {
        return checks.computeIfAbsent(name, CheckCounter::new);
    }

    /** Every check of this endpoint, by name. */
    public Map<String, CheckCounter> checks() {
        return new java.util.TreeMap<>(checks);
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

    /** Bytes of response body received, read or only counted: decoded when loadgen decoded them ({@code compression}). */
    public long bodyBytes() {
        return bodyBytes.sum();
    }

    /** Counts a response that came over {@code protocol}: one add, no lookup, so it costs a request next to nothing. */
    public void answeredOver(HttpProtocol protocol) {
        protocols[protocol.ordinal()].increment();
    }

    /** Responses by the protocol they came over ({@code h2}: 120), for the protocols seen, in {@link HttpProtocol}'s order. */
    public Map<String, Long> protocols() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (HttpProtocol p : HttpProtocol.values()) {
            long n = protocols[p.ordinal()].sum();
            if (n > 0) {
                out.put(p.label, n);
            }
        }
        return out;
    }

    /** Bytes of response body as they came on the wire: fewer than {@link #bodyBytes()} when the target compressed them. */
    public long bodyWireBytes() {
        return bodyWireBytes.sum();
    }

    public long outcome(Outcome o) {
        return outcomes[o.ordinal()].sum();
    }

    /** Responses received with this status (0 counts nothing: no response is not a status). */
    public long status(int code) {
        AtomicLongArray counts = code <= 0 || code >= MAX_STATUS ? null : byStatusOutcome.get(code);
        long n = 0;
        for (int o = 0; counts != null && o < OUTCOMES; o++) {
            n += counts.get(o);
        }
        return n;
    }

    /** Requests that ended with this status (0: no response) and this outcome. */
    public long count(int status, Outcome outcome) {
        AtomicLongArray counts = status >= 0 && status < MAX_STATUS ? byStatusOutcome.get(status) : null;
        return counts == null ? 0 : counts.get(outcome.ordinal());
    }

    /** Status codes received at least once, in order. */
    public int[] statusesSeen() {
        return java.util.stream.IntStream.range(1, MAX_STATUS).filter(c -> status(c) > 0).toArray();
    }

    /** Status codes (0 for no response) that ended at least one request, in order. */
    public int[] statusesEnded() {
        return java.util.stream.IntStream.range(0, MAX_STATUS).filter(c -> c == 0 ? endedWithoutStatus() : status(c) > 0).toArray();
    }

    private boolean endedWithoutStatus() {
        AtomicLongArray counts = byStatusOutcome.get(0);
        for (int o = 0; counts != null && o < OUTCOMES; o++) {
            if (counts.get(o) > 0) {
                return true;
            }
        }
        return false;
    }

    Exemplars exemplars() {
        return exemplars;
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
