package dev.loadgen.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * The metrics of DESIGN.md §6 for Prometheus. A {@link Sink} like the console and the report: each
 * interval's latency histograms (already recorded in HdrHistograms by the protocol layer) are folded into
 * classic buckets here, on the collector's thread, so exposing them costs the request path nothing.
 * Counters and gauges are read from the live meters at scrape time. Histograms therefore lag the counters
 * by at most one collection interval (one second).
 */
public final class PrometheusSink implements Sink, MultiCollector {
    private final Metrics metrics;
    private final WsCounters ws;
    private final SeriesLimit limit;
    private final LongUnaryOperator nanosToEpochMillis;
    private final Map<EndpointMeter, ClassicHistogram> latency = new ConcurrentHashMap<>();
    /** Per endpoint that opened connections: connect times [0] and TLS handshake times [1]. */
    private final Map<EndpointMeter, ClassicHistogram[]> setup = new ConcurrentHashMap<>();
    private final ClassicHistogram echo = new ClassicHistogram(ClassicHistogram.LATENCY_SECONDS);
    private final ClassicHistogram peer = new ClassicHistogram(ClassicHistogram.LATENCY_SECONDS);
    private final ClassicHistogram reconnect = new ClassicHistogram(ClassicHistogram.LATENCY_SECONDS);
    private final List<Supplier<MetricSnapshot>> extras = new CopyOnWriteArrayList<>();

    /**
     * @param warn               where the one warning per overflowing metric goes
     * @param nanosToEpochMillis turns a {@link System#nanoTime()} into wall-clock milliseconds, for exemplars
     */
    public PrometheusSink(Metrics metrics, WsCounters ws, int maxSeries, Consumer<String> warn, LongUnaryOperator nanosToEpochMillis) {
        this.metrics = metrics;
        this.ws = ws;
        this.limit = new SeriesLimit(maxSeries, warn);
        this.nanosToEpochMillis = nanosToEpochMillis;
    }

    public PrometheusSink(Metrics metrics, WsCounters ws, Consumer<String> warn) {
        this(metrics, ws, SeriesLimit.DEFAULT_MAX, warn, n -> System.currentTimeMillis() - (System.nanoTime() - n) / 1_000_000);
    }

    @Override
    public void interval(Snapshot s) {
        for (Snapshot.EndpointInterval e : s.endpoints()) {
            latency.computeIfAbsent(e.endpoint(), m -> new ClassicHistogram(ClassicHistogram.LATENCY_SECONDS)).add(e.latency());
            if (e.connections().opened() > 0) {
                ClassicHistogram[] h = setup.computeIfAbsent(e.endpoint(), m -> new ClassicHistogram[] {
                        new ClassicHistogram(ClassicHistogram.SETUP_SECONDS), new ClassicHistogram(ClassicHistogram.SETUP_SECONDS)});
                h[0].add(e.connections().connect());
                h[1].add(e.connections().tls());
            }
        }
        echo.add(s.wsEcho());
        peer.add(s.wsPeer());
        if (s.wsReconnect() != null) {
            reconnect.add(s.wsReconnect());
        }
    }

    /**
     * Exposes one more counter ({@code name} ending in {@code _total}), read at each scrape: label values to
     * value. The tracing wiring adds its span counts this way, as metrics does not know tracing.
     */
    public void addCounter(String name, String help, List<String> labels, Supplier<Map<List<String>, Long>> values) {
        extras.add(() -> {
            Map<List<String>, Double> series = new LinkedHashMap<>();
            values.get().forEach((k, v) -> series.put(k, v.doubleValue()));
            return Families.counter(name, help, labels, limit.apply(name, series, Double::sum));
        });
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(requests());
        out.add(durations());
        out.add(connectionSetup());
        Map<List<String>, Double> checks = new LinkedHashMap<>();
        for (EndpointMeter m : metrics.endpoints()) {
            m.checks().forEach((name, c) -> {
                checks.put(List.of(m.service(), m.name(), name, "passed"), (double) c.passedCount());
                checks.put(List.of(m.service(), m.name(), name, "failed"), (double) c.failedCount());
            });
        }
        out.add(Families.counter("loadgen_checks_total", "The scenario's checks on responses, by endpoint, check and result (passed, failed)",
                List.of("service", "endpoint", "check", "result"), limit.apply("loadgen_checks_total", checks, Double::sum)));
        out.add(Families.counter("loadgen_skipped_steps_total", "Steps not run for want of a value (a capture that found nothing, "
                        + "a failed login, an exhausted data file), by reason", List.of("reason"),
                limit.apply("loadgen_skipped_steps_total", byOne(metrics.skips().byReason()), Double::sum)));
        UserCounters users = metrics.users();
        out.add(Families.gauge("loadgen_active_users", "Simulated users running now, by persona", List.of("persona"),
                limit.apply("loadgen_active_users", byOne(users.activeByPersona()), Double::sum)));
        Map<List<String>, Double> sessions = new LinkedHashMap<>();
        users.completedByPersona().forEach((p, n) -> sessions.put(List.of(p, "completed"), n.doubleValue()));
        users.abandonedByPersona().forEach((p, n) -> sessions.put(List.of(p, "abandoned"), n.doubleValue()));
        out.add(Families.counter("loadgen_sessions_total", "Sessions ended, by persona and outcome (completed, abandoned)",
                List.of("persona", "outcome"), limit.apply("loadgen_sessions_total", sessions, Double::sum)));
        out.add(Families.counter("loadgen_dropped_sessions_total", "Open model: arrivals not started because max-users were running",
                List.of(), Map.of(List.of(), (double) users.dropped())));
        Map<List<String>, Families.Buckets> think = new LinkedHashMap<>();
        users.thinkByPersona().forEach((p, h) -> think.put(List.of(p), Families.Buckets.of(h, List.of())));
        out.add(Families.histogram("loadgen_think_time_seconds", "Think times drawn between actions, by persona", List.of("persona"),
                limit.apply("loadgen_think_time_seconds", think, Families.Buckets::plus)));
        out.add(Families.gauge("loadgen_ws_connections", "WebSocket connections open now", List.of(), Map.of(List.of(), (double) ws.openNow())));
        Map<List<String>, Double> frames = new LinkedHashMap<>();
        ws.sentByType().forEach((t, n) -> frames.put(List.of("sent", t), n.doubleValue()));
        ws.receivedByType().forEach((t, n) -> frames.put(List.of("received", t), n.doubleValue()));
        out.add(Families.counter("loadgen_ws_messages_total", "WebSocket frames, by direction (sent, received) and type",
                List.of("direction", "type"), limit.apply("loadgen_ws_messages_total", frames, Double::sum)));
        Map<List<String>, Families.Buckets> delivery = new LinkedHashMap<>();
        delivery.put(List.of("echo"), Families.Buckets.of(echo, List.of()));
        delivery.put(List.of("peer"), Families.Buckets.of(peer, List.of()));
        out.add(Families.histogram("loadgen_ws_delivery_seconds",
                "Chat message delivery time: echo = own message back, peer = another member receives it", List.of("path"), delivery));
        out.add(Families.counter("loadgen_ws_messages_lost_total", "Chat messages sent but not delivered back within 10 s",
                List.of(), Map.of(List.of(), (double) ws.lostTotal())));
        out.add(Families.counter("loadgen_ws_reconnect_attempts_total",
                "Attempts to open again a WebSocket that broke (closed by the server, or dropped), not one the user closed",
                List.of(), Map.of(List.of(), (double) ws.reconnectAttempts())));
        out.add(Families.counter("loadgen_ws_reconnects_total", "Broken WebSockets opened again",
                List.of(), Map.of(List.of(), (double) ws.reconnects())));
        out.add(Families.histogram("loadgen_ws_reconnect_seconds",
                "Time from a WebSocket breaking to its being open again (backoff and failed attempts included)", List.of(),
                Map.of(List.of(), Families.Buckets.of(reconnect, List.of()))));
        out.add(Families.counter("loadgen_chaos_injected_total", "Faults injected on purpose by loadgen, by kind", List.of("kind"),
                limit.apply("loadgen_chaos_injected_total", byOne(metrics.chaos().byKind()), Double::sum)));
        Map<List<String>, Double> reactions = new LinkedHashMap<>();
        metrics.chaos().reactions().forEach((kind, r) -> {
            reactions.put(List.of(kind, "expected"), (double) r.expected());
            reactions.put(List.of(kind, "unexpected"), (double) r.unexpected());
        });
        out.add(Families.counter("loadgen_chaos_reactions_total",
                "The target's reactions to injected faults, by kind: expected (a 401 after a forged token) or unexpected (a 500)",
                List.of("kind", "reaction"), limit.apply("loadgen_chaos_reactions_total", reactions, Double::sum)));
        extras.forEach(e -> out.add(e.get()));
        return new MetricSnapshots(out);
    }

    private MetricSnapshot requests() {
        Map<List<String>, Double> series = new LinkedHashMap<>();
        for (EndpointMeter m : metrics.endpoints()) {
            for (int status : m.statusesEnded()) {
                for (Outcome o : Outcome.values()) {
                    long n = m.count(status, o);
                    if (n > 0) {
                        series.put(List.of(m.service(), m.name(), m.method(), Integer.toString(status), o.label), (double) n);
                    }
                }
            }
        }
        return Families.counter("loadgen_requests_total", "Requests sent, by endpoint, status (0: no response) and outcome",
                List.of("service", "endpoint", "method", "status", "outcome"), limit.apply("loadgen_requests_total", series, Double::sum));
    }

    private MetricSnapshot durations() {
        Map<List<String>, Families.Buckets> series = new LinkedHashMap<>();
        for (EndpointMeter m : metrics.endpoints()) {
            ClassicHistogram h = latency.get(m);
            if (h != null) {
                List<Families.Example> examples = m.exemplars().all().stream().map(e -> new Families.Example(e.seconds(), e.traceId(),
                        e.spanId(), nanosToEpochMillis.applyAsLong(e.endNanos()))).toList();
                series.put(List.of(m.service(), m.name(), m.method()), Families.Buckets.of(h, examples));
            }
        }
        return Families.histogram("loadgen_request_duration_seconds",
                "Request latency from the intended start (coordinated omission corrected), by endpoint",
                List.of("service", "endpoint", "method"), limit.apply("loadgen_request_duration_seconds", series, Families.Buckets::plus));
    }

    /**
     * New connections' connect and TLS handshake times ({@code phase}), by the endpoint of the first request over each; the
     * tls series only for an endpoint that had a handshake.
     */
    private MetricSnapshot connectionSetup() {
        Map<List<String>, Families.Buckets> series = new LinkedHashMap<>();
        for (EndpointMeter m : metrics.endpoints()) {
            ClassicHistogram[] h = setup.get(m);
            if (h != null) {
                series.put(List.of(m.service(), m.name(), "connect"), Families.Buckets.of(h[0], List.of()));
                Families.Buckets tls = Families.Buckets.of(h[1], List.of());
                if (java.util.Arrays.stream(tls.counts()).sum() > 0) {
                    series.put(List.of(m.service(), m.name(), "tls"), tls);
                }
            }
        }
        return Families.histogram("loadgen_connection_setup_seconds",
                "New connections: TCP connect (phase connect) and TLS handshake (phase tls) times, by the endpoint of the first request "
                        + "over each; the connect count is the connections opened",
                List.of("service", "endpoint", "phase"), limit.apply("loadgen_connection_setup_seconds", series, Families.Buckets::plus));
    }

    private static <V extends Number> Map<List<String>, Double> byOne(Map<String, V> values) {
        Map<List<String>, Double> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(List.of(k), v.doubleValue()));
        return out;
    }
}
