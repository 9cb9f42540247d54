package dev.loadgen.metrics;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What happened during one interval ({@code warmUp}: during the warm-up, which the results keep apart) (one second by default), as every sink sees it. Histograms are in
 * microseconds and belong to the snapshot: sinks may read them but not keep references past the call.
 * {@code counters} are running totals at the end of the interval, for sinks that chart them.
 */
public record Snapshot(double elapsedSeconds, double intervalSeconds, List<EndpointInterval> endpoints,
                       int activeUsers, long sessionsDropped, int wsOpen, Histogram wsEcho, Histogram wsPeer, Histogram wsReconnect,
                       Histogram lag, boolean last, boolean warmUp, Counters counters) {
    public Snapshot {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * The run's counters at the end of the interval (totals since the start, but {@code activeByPersona},
     * which is the users running now).
     */
    public record Counters(Map<String, Integer> activeByPersona, long sessionsCompleted, long sessionsAbandoned,
                           long wsOpened, long wsSent, long wsReceived, long wsLost, long wsReconnectAttempts, long wsReconnects,
                           Map<String, Long> chaosByKind) {
        public static final Counters NONE = new Counters(Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

        public Counters {
            activeByPersona = Map.copyOf(activeByPersona);
            chaosByKind = Map.copyOf(chaosByKind);
        }
    }

    /**
     * One endpoint's interval: latency (from intended start) and service time histograms, outcome counts,
     * the error texts seen in the interval with their counts, and the connections its requests opened.
     */
    public record EndpointInterval(EndpointMeter endpoint, Histogram latency, Histogram serviceTime, long[] outcomes,
                                   Map<String, Long> errorTexts, ConnectionInterval connections) {
        public EndpointInterval {
            errorTexts = Map.copyOf(errorTexts);
        }

        /** An interval in which the endpoint's requests opened no connection. */
        public EndpointInterval(EndpointMeter endpoint, Histogram latency, Histogram serviceTime, long[] outcomes,
                                Map<String, Long> errorTexts) {
            this(endpoint, latency, serviceTime, outcomes, errorTexts, ConnectionInterval.NONE);
        }

        public long count() {
            long n = 0;
            for (long c : outcomes) {
                n += c;
            }
            return n;
        }

        public long errors() {
            long n = 0;
            for (Outcome o : Outcome.values()) {
                if (o.isError()) {
                    n += outcomes[o.ordinal()];
                }
            }
            return n;
        }
    }

    public long requests() {
        return endpoints.stream().mapToLong(EndpointInterval::count).sum();
    }

    public long errors() {
        return endpoints.stream().mapToLong(EndpointInterval::errors).sum();
    }

    /** Requests that carried an injected fault: apart from the errors. */
    public long chaos() {
        return endpoints.stream().mapToLong(e -> e.outcomes()[Outcome.CHAOS.ordinal()]).sum();
    }

    public double requestsPerSecond() {
        return intervalSeconds <= 0 ? 0 : requests() / intervalSeconds;
    }

    /** The interval's latency percentile over all endpoints, in milliseconds (0 when nothing finished). */
    public double latencyMillis(double percentile) {
        Histogram all = new Histogram(3);
        endpoints.forEach(e -> all.add(e.latency()));
        return all.getTotalCount() == 0 ? 0 : all.getValueAtPercentile(percentile) / 1000.0;
    }
}
