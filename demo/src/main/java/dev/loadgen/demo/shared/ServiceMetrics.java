package dev.loadgen.demo.shared;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One service's Prometheus metrics, in a registry of its own: four services in one process
 * must each expose only their own series, so nothing here touches the default registry.
 * Labels are bounded by construction: routes are templates or {@code unmatched}, methods are
 * folded to a fixed set, statuses are three digits.
 */
public final class ServiceMetrics {
    public static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Histogram requests;
    private final Counter faultsIgnored;
    private final Counter faultsInjected;
    private final Counter evictions;
    private final Counter dependencyCalls;
    private final Gauge wsConnections;
    private final Counter wsFrames;
    private final Counter wsDropped;

    public ServiceMetrics() {
        requests = Histogram.builder()
                .name("http_server_requests_seconds")
                .help("Time to answer HTTP requests, by route template")
                .labelNames("method", "route", "status")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        faultsIgnored = Counter.builder().name("demo_fault_headers_ignored_total")
                .help("Envoy fault headers with a bad or out-of-range value, ignored")
                .labelNames("header").register(registry);
        faultsInjected = Counter.builder().name("demo_faults_injected_total")
                .help("Envoy fault headers honoured, by kind (delay, abort)")
                .labelNames("kind").register(registry);
        evictions = Counter.builder().name("demo_evictions_total")
                .help("Entries dropped from a bounded store to stay within its cap (oldest first)")
                .labelNames("store").register(registry);
        dependencyCalls = Counter.builder().name("demo_dependency_calls_total")
                .help("Calls to other demo services, by dependency and outcome")
                .labelNames("dependency", "outcome").register(registry);
        wsConnections = Gauge.builder().name("demo_ws_connections")
                .help("Open chat WebSocket connections").register(registry);
        wsFrames = Counter.builder().name("demo_ws_frames_total")
                .help("Chat frames, by direction (in, out) and type")
                .labelNames("direction", "type").register(registry);
        wsDropped = Counter.builder().name("demo_ws_slow_consumers_dropped_total")
                .help("Chat connections dropped because their outgoing queue was full").register(registry);
        JvmMetrics.builder().register(registry);
    }

    public static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    public void observe(String method, String route, int status, long nanos) {
        requests.labelValues(method, route, Integer.toString(status)).observe(nanos / 1e9);
    }

    public void faultIgnored(String header) {
        faultsIgnored.labelValues(header).inc();
    }

    public void faultInjected(String kind) {
        faultsInjected.labelValues(kind).inc();
    }

    public void evicted(String store) {
        evictions.labelValues(store).inc();
    }

    public void dependencyCall(String dependency, String outcome) {
        dependencyCalls.labelValues(dependency, outcome).inc();
    }

    public void wsOpened() {
        wsConnections.inc();
    }

    public void wsClosed() {
        wsConnections.dec();
    }

    public void wsFrame(String direction, String type) {
        wsFrames.labelValues(direction, type).inc();
    }

    public void wsDropped() {
        wsDropped.inc();
    }

    /** Evictions so far from one store (for tests and the programmatic API). */
    public long evictions(String store) {
        return (long) evictions.labelValues(store).get();
    }

    /** Ignored fault headers so far, by header name. */
    public long faultsIgnored(String header) {
        return (long) faultsIgnored.labelValues(header).get();
    }

    /** The requests this service answered so far, per (method, route, status). */
    public List<ServedCount> served() {
        HistogramSnapshot snap = requests.collect();
        List<ServedCount> out = new ArrayList<>();
        for (HistogramSnapshot.HistogramDataPointSnapshot p : snap.getDataPoints()) {
            out.add(new ServedCount(p.getLabels().get("method"), p.getLabels().get("route"),
                    Integer.parseInt(p.getLabels().get("status")), p.getCount()));
        }
        out.sort(Comparator.comparing(ServedCount::route).thenComparing(ServedCount::method)
                .thenComparingInt(ServedCount::status));
        return List.copyOf(out);
    }

    /** The Prometheus text exposition (format 0.0.4) of this service's registry. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String contentType() {
        return writer.getContentType();
    }
}
