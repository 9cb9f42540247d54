package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Threshold;
import dev.loadgen.engine.LateJoin;
import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.ThresholdCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Everything the end-of-run outputs show, computed once from a {@link RunRecord}: the console table and
 * summary.json read the same figures, so they cannot disagree, and a merge's come from the same code.
 */
public record Summary(Run run, List<Endpoint> endpoints, Users users, Ws ws, Chaos chaos, Map<String, Long> skipped,
                      List<ThresholdCheck.Result> thresholds) {
    private static final Histogram EMPTY = new Histogram(3);

    /**
     * What run this was; {@code seed} is empty for a merge of runs with different seeds. {@code lag}: loadgen's own
     * delay, from each request's intended start to its send, microseconds (empty for a folder written before it).
     * {@code warmUpSeconds}: the warm-up before the measured part, which {@code durationSeconds} does not include (0: none).
     * {@code lateJoin}: how an instance that began after its start time ({@code --start-at}) caught up; for a merge, the
     * latest instance's lateness and the sums of the others. {@code aborted}: why loadgen's own failure cut the run short
     * ({@code internal error}), when it did.
     */
    public record Run(String version, Instant startedAt, double durationSeconds, String model, Optional<Long> seed,
                      String segment, String target, String stopReason, Histogram lag, double warmUpSeconds,
                      Optional<LateJoin> lateJoin, Optional<String> aborted) {
        /** Above this p99 (milliseconds), loadgen's own delay is worth a warning: it is in every latency reported. */
        public static final double LAG_WARNING_MS = 5;

        /** The lag's p99 in milliseconds, 0 when nothing was recorded. */
        public double lagMs(double percentile) {
            return millis(lag, percentile);
        }
    }

    /**
     * One endpoint: requests by status (0: no response) and outcome label, its histograms in microseconds, its
     * checks by name: passed, failed; its failures' distinct texts ({@code connection refused},
     * {@code HTTP 503: overloaded}) with their counts; the bytes of response body it received, decoded (0 for a folder
     * written before) and as they came on the wire (the same for a folder written before compression was counted apart); its
     * responses by the protocol they came over ({@code h2}: 120; empty for a folder written before); and the connections its
     * requests opened.
     */
    public record Endpoint(String service, String name, Map<Integer, Map<String, Long>> responses, Histogram latency,
                           Histogram serviceTime, Map<String, long[]> checks, Map<String, Long> errorTexts, long bodyBytes,
                           long bodyWireBytes, Map<String, Long> protocols, Connections connections) {
        /** An endpoint whose bodies came uncompressed, over no protocol known of, and opened no connection known of. */
        public Endpoint(String service, String name, Map<Integer, Map<String, Long>> responses, Histogram latency,
                        Histogram serviceTime, Map<String, long[]> checks, Map<String, Long> errorTexts, long bodyBytes) {
            this(service, name, responses, latency, serviceTime, checks, errorTexts, bodyBytes, bodyBytes, Map.of(), Connections.NONE);
        }

        /** An endpoint whose requests opened no connection that is known of (the dashboard's live rows). */
        public Endpoint(String service, String name, Map<Integer, Map<String, Long>> responses, Histogram latency,
                        Histogram serviceTime, Map<String, long[]> checks, Map<String, Long> errorTexts, long bodyBytes,
                        long bodyWireBytes, Map<String, Long> protocols) {
            this(service, name, responses, latency, serviceTime, checks, errorTexts, bodyBytes, bodyWireBytes, protocols, Connections.NONE);
        }

        /** The live figures of a meter, for the dashboard's table (the same shape as summary.json's). */
        public static Endpoint of(EndpointMeter m, Histogram latency, Histogram serviceTime) {
            Map<Integer, Map<String, Long>> responses = new TreeMap<>();
            for (int status : m.statusesEnded()) {
                Map<String, Long> byOutcome = new LinkedHashMap<>();
                for (Outcome o : Outcome.values()) {
                    if (m.count(status, o) > 0) {
                        byOutcome.put(o.label, m.count(status, o));
                    }
                }
                responses.put(status, byOutcome);
            }
            Map<String, long[]> checks = new TreeMap<>();
            m.checks().forEach((name, c) -> checks.put(name, new long[] {c.passedCount(), c.failedCount()}));
            return new Endpoint(m.service(), m.name(), responses, latency, serviceTime, checks, m.errorTexts(), m.bodyBytes(), m.bodyWireBytes(),
                    m.protocols());
        }

        public long checksPassed() {
            return checks.values().stream().mapToLong(c -> c[0]).sum();
        }

        public long checksFailed() {
            return checks.values().stream().mapToLong(c -> c[1]).sum();
        }

        public long count() {
            return responses.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        }

        /** Responses received with each status (no response is not a status). */
        public Map<Integer, Long> byStatus() {
            Map<Integer, Long> out = new TreeMap<>();
            responses.forEach((status, m) -> {
                if (status > 0) {
                    out.put(status, m.values().stream().mapToLong(Long::longValue).sum());
                }
            });
            return out;
        }

        public long outcome(Outcome o) {
            return responses.values().stream().mapToLong(m -> m.getOrDefault(o.label, 0L)).sum();
        }

        /** The target's own failures: every outcome but ok and chaos. */
        public long errors() {
            long n = 0;
            for (Outcome o : Outcome.values()) {
                n += o.isError() ? outcome(o) : 0;
            }
            return n;
        }

        public double latencyMs(double percentile) {
            return millis(latency, percentile);
        }
    }

    /**
     * New connections: one TCP connect time per connection opened, one TLS handshake time per handshake done (none over
     * plain HTTP), microseconds. An endpoint's are those of the connections its requests were the first to go over.
     */
    public record Connections(Histogram connect, Histogram tls) {
        public static final Connections NONE = new Connections(EMPTY, EMPTY);

        public long opened() {
            return connect.getTotalCount();
        }

        public long handshakes() {
            return tls.getTotalCount();
        }
    }

    public record Users(Map<String, Long> startedByPersona, long peak, long failed, Map<String, Long> completedByPersona,
                        Map<String, Long> abandonedByPersona, long dropped) {
        public long started() {
            return sum(startedByPersona);
        }

        public long completed() {
            return sum(completedByPersona);
        }

        public long abandoned() {
            return sum(abandonedByPersona);
        }
    }

    /**
     * WebSocket frames and chat delivery; {@code deliveries} counts settled ones (delivered or lost). Reconnects: attempts
     * to open again a socket that broke, those that succeeded, and the time from the break to open again.
     */
    public record Ws(long connections, Map<String, Long> sent, Map<String, Long> received, long lost, long deliveries,
                     Histogram echo, Histogram peer, long reconnectAttempts, long reconnects, Histogram reconnectTime) {
        public long sentTotal() {
            return sum(sent);
        }

        public long receivedTotal() {
            return sum(received);
        }

        /** Every message delivery, echo and peer together. */
        public Histogram all() {
            Histogram h = echo.copy();
            h.add(peer);
            return h;
        }

        /** lost / (delivered + lost) over settled deliveries; messages in flight at the end count in neither. */
        public double lossRate() {
            return deliveries == 0 ? 0 : (double) lost / deliveries;
        }
    }

    public record Chaos(Map<String, Long> injected, Map<String, ChaosCounters.Reactions> reactions) {
        public long injectedTotal() {
            return sum(injected);
        }
    }

    public static Summary of(RunRecord record) {
        JsonNode c = record.counts();
        JsonNode r = c.path("run");
        Run run = new Run(r.path("loadgen").asText(), record.startedAt(), r.path("durationSeconds").asDouble(), r.path("model").asText(),
                r.path("seed").isNumber() ? Optional.of(r.path("seed").asLong()) : Optional.empty(), r.path("segment").asText(),
                r.path("target").asText(), r.path("stopReason").asText("completed"), record.lag(),
                r.path("warmUpSeconds").asDouble(), Counts.lateJoin(r),
                r.path(Counts.ABORTED).isTextual() ? Optional.of(r.path(Counts.ABORTED).asText()) : Optional.empty());
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode e : c.path("endpoints")) {
            Map<Integer, Map<String, Long>> responses = new TreeMap<>();
            e.path("responses").fields().forEachRemaining(s -> responses.put(Integer.parseInt(s.getKey()), longs(s.getValue())));
            String tag = HistogramLogs.tag(e.path("service").asText(), e.path("endpoint").asText());
            Map<String, long[]> checks = new TreeMap<>();
            e.path("checks").fields().forEachRemaining(k -> checks.put(k.getKey(),
                    new long[] {k.getValue().path("passed").asLong(), k.getValue().path("failed").asLong()}));
            Connections connections = new Connections(record.connections().getOrDefault(HistogramLogs.CONNECT + tag, EMPTY),
                    record.connections().getOrDefault(HistogramLogs.TLS + tag, EMPTY));
            endpoints.add(new Endpoint(e.path("service").asText(), e.path("endpoint").asText(), responses,
                    record.latency().getOrDefault(tag, EMPTY), record.serviceTime().getOrDefault(tag, EMPTY), checks,
                    longs(e.path("errorTexts")), e.path("bodyBytes").asLong(), e.path("bodyWireBytes").asLong(e.path("bodyBytes").asLong()),
                    longs(e.path("protocols")), connections));
        }
        JsonNode u = c.path("users");
        JsonNode s = c.path("sessions");
        Users users = new Users(longs(u.path("started")), u.path("peak").asLong(), u.path("failed").asLong(),
                longs(s.path("completed")), longs(s.path("abandoned")), s.path("dropped").asLong());
        JsonNode w = c.path("ws");
        Ws ws = new Ws(w.path("connections").asLong(), longs(w.path("sent")), longs(w.path("received")), w.path("lost").asLong(),
                w.path("deliveries").asLong(), record.delivery().getOrDefault("echo", EMPTY), record.delivery().getOrDefault("peer", EMPTY),
                w.path("reconnects").path("attempts").asLong(), w.path("reconnects").path("succeeded").asLong(),
                record.delivery().getOrDefault("reconnect", EMPTY));
        Map<String, ChaosCounters.Reactions> reactions = new TreeMap<>();
        c.path("chaos").path("reactions").fields().forEachRemaining(k -> {
            Map<Integer, Long> unexpected = new TreeMap<>();
            longs(k.getValue().path("unexpected")).forEach((status, n) -> unexpected.put(Integer.parseInt(status), n));
            reactions.put(k.getKey(), new ChaosCounters.Reactions(k.getValue().path("expected").asLong(), sum(unexpected), unexpected));
        });
        Chaos chaos = new Chaos(longs(c.path("chaos").path("injected")), reactions);
        List<String> abortedBy = new ArrayList<>();
        r.path(Counts.ABORTED_BY).forEach(e -> abortedBy.add(e.asText()));
        List<ThresholdCheck.Result> thresholds = BaselineCheck.judge(thresholds(record.thresholds(), endpoints, run.durationSeconds(), abortedBy),
                record, record.dirs().size() == 1 ? Optional.of(record.dirs().getFirst()) : Optional.empty(), record.baseline());
        return new Summary(run, endpoints, users, ws, chaos, longs(c.path("skipped")), thresholds);
    }

    /**
     * The thresholds checked on these figures, as a run checks its own live; one that aborted the run fails,
     * whatever its value at the end (the run was cut short because of it).
     */
    private static List<ThresholdCheck.Result> thresholds(List<String> expressions, List<Endpoint> endpoints, double seconds,
                                                          List<String> abortedBy) {
        List<Threshold> parsed = new ArrayList<>();
        for (String e : expressions) {
            try {
                parsed.add(Threshold.parse(e, Origin.flag("config.json thresholds")));
            } catch (ConfigException ex) {
                throw new ResultsException("a threshold in config.json cannot be read: " + ex.getMessage());
            }
        }
        List<ThresholdCheck.Figures> figures = endpoints.stream().map(e -> new ThresholdCheck.Figures(e.service(), e.name(), e.count(),
                e.errors(), e.outcome(Outcome.CHAOS), e.checksPassed(), e.checksFailed(), e.latency())).toList();
        return ThresholdCheck.evaluate(parsed, figures, seconds).stream()
                .map(t -> abortedBy.contains(t.threshold().expression()) ? t.abortingTheRun() : t)
                .toList();
    }

    public long total(Outcome o) {
        return endpoints.stream().mapToLong(e -> e.outcome(o)).sum();
    }

    /** The target's own errors: every failed request but the injected ones. */
    public long organicErrors() {
        return endpoints.stream().mapToLong(Endpoint::errors).sum();
    }

    public long requests() {
        return endpoints.stream().mapToLong(Endpoint::count).sum();
    }

    /** Bytes of response body received, every endpoint together. */
    public long bodyBytes() {
        return endpoints.stream().mapToLong(Endpoint::bodyBytes).sum();
    }

    /**
     * Each target's responses by the protocol they came over, targets in the order of their endpoints ({@code posts}: h2 120):
     * what was negotiated, where {@code http} only says what was asked for.
     */
    public Map<String, Map<String, Long>> protocolsByService() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            e.protocols().forEach((protocol, n) -> out.computeIfAbsent(e.service(), s -> new TreeMap<>()).merge(protocol, n, Long::sum));
        }
        return out;
    }

    /** Bytes of response body as they came on the wire, every endpoint together. */
    public long bodyWireBytes() {
        return endpoints.stream().mapToLong(Endpoint::bodyWireBytes).sum();
    }

    /** Every request's latency, all endpoints together: the percentiles of the whole run, never an average of the endpoints'. */
    public Histogram allLatency() {
        Histogram h = new Histogram(3);
        endpoints.forEach(e -> h.add(e.latency()));
        return h;
    }

    /** Every endpoint's connections together. */
    public Connections connections() {
        Histogram connect = new Histogram(3);
        Histogram tls = new Histogram(3);
        endpoints.forEach(e -> {
            connect.add(e.connections().connect());
            tls.add(e.connections().tls());
        });
        return new Connections(connect, tls);
    }

    public long checksPassed() {
        return endpoints.stream().mapToLong(Endpoint::checksPassed).sum();
    }

    public long checksFailed() {
        return endpoints.stream().mapToLong(Endpoint::checksFailed).sum();
    }

    public boolean thresholdsHeld() {
        return thresholds.stream().allMatch(ThresholdCheck.Result::ok);
    }

    /** A percentile in milliseconds (-1: mean, 100: max); 0 for an empty histogram. */
    static double millis(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return 0;
        }
        double micros = percentile < 0 ? h.getMean() : percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile);
        return micros / 1000.0;
    }

    private static Map<String, Long> longs(JsonNode n) {
        Map<String, Long> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }

    private static long sum(Map<?, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }
}
