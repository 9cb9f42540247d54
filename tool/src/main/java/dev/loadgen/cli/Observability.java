package dev.loadgen.cli;

import dev.loadgen.config.ObservabilityConfig;
import dev.loadgen.config.TracingConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.MetricsServer;
import dev.loadgen.metrics.PrometheusSink;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.tracing.Exporters;
import dev.loadgen.tracing.Tracing;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run's Prometheus endpoint and tracing. Started first, right after the config, so that a taken port
 * stops the run before anything else has started; closed last, so that the final spans of the users and
 * of the embedded demo are exported.
 */
final class Observability implements AutoCloseable {
    private final PrometheusRegistry registry;
    private final Optional<MetricsServer> server;
    private final Tracing tracing;
    private final Optional<SpanExporter> exporter;
    private final PrintStream err;

    /** Where spans go: OTLP as configured in a run; tests hand in an in-memory exporter. */
    interface Exporting extends Function<TracingConfig, SpanExporter> {
        Exporting OTLP = Exporters::otlp;
    }

    private Observability(PrometheusRegistry registry, Optional<MetricsServer> server, Tracing tracing,
                          Optional<SpanExporter> exporter, PrintStream err) {
        this.registry = registry;
        this.server = server;
        this.tracing = tracing;
        this.exporter = exporter;
        this.err = err;
    }

    /** Binds the metrics port and starts tracing; a taken explicit port is a ConfigException (exit code 2). */
    static Observability start(ObservabilityConfig config, Exporting exporting, PrintStream err) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Optional<MetricsServer> server = config.metrics().enabled()
                ? Optional.of(MetricsServer.start(config.metrics(), registry)) : Optional.empty();
        Optional<SpanExporter> exporter = config.tracing().enabled() ? Optional.of(exporting.apply(config.tracing())) : Optional.empty();
        Tracing tracing = exporter.map(e -> Tracing.start(config.tracing(), e, Version.VERSION, w -> err.println("\nloadgen: warning: " + w)))
                .orElse(Tracing.off());
        return new Observability(registry, server, tracing, exporter, err);
    }

    Tracing tracing() {
        return tracing;
    }

    /** The exporter the embedded demo's services share with loadgen, so that their spans reach the same backend. */
    Optional<SpanExporter> exporter() {
        return exporter;
    }

    /** One line for the start of the run: where metrics and traces go. */
    Optional<String> describe(TracingConfig t) {
        StringBuilder b = new StringBuilder();
        server.ifPresent(s -> {
            b.append("Prometheus metrics on ").append(s.url());
            s.movedFrom().ifPresent(p -> b.append(" (port ").append(p).append(" is taken, by another run?)"));
        });
        if (tracing.enabled()) {
            b.append(b.isEmpty() ? "" : "; ").append("traces to ").append(t.endpoint()).append(" (").append(t.protocol().label)
                    .append(t.samplingRatio() < 1 ? ", sampling " + t.samplingRatio() : "").append(')');
        }
        return b.isEmpty() ? Optional.empty() : Optional.of(b.toString());
    }

    /**
     * Exposes the run's meters (and loadgen's own JVM) on the endpoint; returns the sink that the interval
     * collector must feed.
     */
    PrometheusSink expose(Metrics metrics, WsCounters ws) {
        PrometheusSink sink = new PrometheusSink(metrics, ws, w -> err.println("\nloadgen: warning: " + w));
        if (tracing.enabled()) {
            sink.addCounter("loadgen_spans_dropped_total", "Spans not exported, by reason (queue_full, export_failed)", List.of("reason"),
                    () -> {
                        Map<List<String>, Long> m = new LinkedHashMap<>();
                        tracing.dropped().forEach((reason, n) -> m.put(List.of(reason), n));
                        return m;
                    });
            sink.addCounter("loadgen_spans_exported_total", "Spans the collector accepted", List.of(),
                    () -> Map.of(List.of(), tracing.exported()));
        }
        registry.register(sink);
        JvmMetrics.builder().register(registry);
        return sink;
    }

    /** Exports the last spans (a few seconds at most: a dead collector must not hold the exit) and stops serving. */
    @Override
    public void close() {
        if (tracing.enabled()) {
            tracing.close(5);
            long dropped = tracing.dropped().values().stream().mapToLong(Long::longValue).sum();
            if (dropped > 0) {
                err.println("loadgen: " + dropped + " spans were dropped " + tracing.dropped() + ", " + tracing.exported() + " exported");
            }
        }
        server.ifPresent(MetricsServer::close);
    }
}
