package dev.loadgen.cli;

import dev.loadgen.config.ObservabilityConfig;
import dev.loadgen.config.PushConfig;
import dev.loadgen.config.TracingConfig;
import dev.loadgen.config.Values;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.MetricsServer;
import dev.loadgen.metrics.PrometheusSink;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.metrics.push.OtlpMetrics;
import dev.loadgen.metrics.push.Pusher;
import dev.loadgen.metrics.push.Receiver;
import dev.loadgen.metrics.push.RemoteWrite;
import dev.loadgen.tracing.Exporters;
import dev.loadgen.time.Clock;
import dev.loadgen.tracing.Tracing;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The run's Prometheus endpoint, tracing, and metrics push. Started first, right after the config, so that
 * a taken port stops the run before anything else has started; closed last, so that the final spans of the
 * users and of the embedded demo are exported and the final metrics pushed.
 */
final class Observability implements AutoCloseable {
    private final PrometheusRegistry registry;
    private final Optional<MetricsServer> server;
    private final Tracing tracing;
    private final Optional<SpanExporter> exporter;
    private final List<Pusher> pushers;
    private final PrintStream err;

    /** Where spans go: OTLP as configured in a run; tests hand in an in-memory exporter. */
    interface Exporting extends Function<TracingConfig, SpanExporter> {
        Exporting OTLP = Exporters::otlp;
    }

    private Observability(PrometheusRegistry registry, Optional<MetricsServer> server, Tracing tracing,
                          Optional<SpanExporter> exporter, List<Pusher> pushers, PrintStream err) {
        this.registry = registry;
        this.server = server;
        this.tracing = tracing;
        this.exporter = exporter;
        this.pushers = pushers;
        this.err = err;
    }

    /**
     * Binds the metrics port, starts tracing and prepares the metrics push (which starts with the load, in
     * {@link #expose}); a taken explicit port is a ConfigException (exit code 2).
     */
    static Observability start(ObservabilityConfig config, Exporting exporting, PrintStream err) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Optional<MetricsServer> server = config.metrics().enabled()
                ? Optional.of(MetricsServer.start(config.metrics(), registry)) : Optional.empty();
        Optional<SpanExporter> exporter = config.tracing().enabled() ? Optional.of(exporting.apply(config.tracing())) : Optional.empty();
        Tracing tracing = exporter.map(e -> Tracing.start(config.tracing(), e, Version.VERSION, w -> err.println("\nloadgen: warning: " + w)))
                .orElse(Tracing.off());
        return new Observability(registry, server, tracing, exporter, pushers(config.push(), registry, err), err);
    }

    /**
     * One pusher per receiver, each reading the registry that serves {@code /metrics}. The series carry a
     * {@code job} and an {@code instance} as a scrape would give them ({@code instance} is the host and the
     * process: two runs on one machine must not write into each other's series), unless the config sets them.
     */
    private static List<Pusher> pushers(PushConfig push, PrometheusRegistry registry, PrintStream err) {
        if (!push.enabled()) {
            return List.of();
        }
        String instance = instance();
        long startMillis = System.currentTimeMillis();
        List<Receiver> receivers = new ArrayList<>();
        push.remoteWrite().ifPresent(rw -> receivers.add(new RemoteWrite(rw, Map.of("job", "loadgen", "instance", instance),
                "loadgen/" + Version.VERSION)));
        push.otlp().ifPresent(o -> {
            Map<String, String> resource = new LinkedHashMap<>(o.resource());
            resource.putIfAbsent("service.instance.id", instance);
            resource.putIfAbsent("service.version", Version.VERSION);
            receivers.add(OtlpMetrics.of(new PushConfig.Otlp(o.endpoint(), o.protocol(), resource, o.headers()), startMillis));
        });
        return receivers.stream().map(r -> new Pusher(r, registry::scrape, push.interval(), Pusher.TIMEOUT, System::currentTimeMillis,
                Clock.SYSTEM, w -> err.println("\nloadgen: warning: " + w))).toList();
    }

    /**
     * {@code host/pid}: the container's or pod's name ({@code HOSTNAME}) where there is one, so each pod of a
     * scaled-out run is its own instance, as it would be when scraped.
     */
    private static String instance() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "/" + ProcessHandle.current().pid();
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
        for (Pusher p : pushers) {
            b.append(b.isEmpty() ? "" : "; ").append("metrics pushed every ").append(Values.format(p.interval()))
                    .append(" by ").append(p.receiver().describe());
        }
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
        if (!pushers.isEmpty()) {
            sink.addCounter("loadgen_metrics_push_failed_total", "Metrics pushes the receiver did not take, by receiver (remote_write, otlp)",
                    List.of("receiver"), () -> {
                        Map<List<String>, Long> m = new LinkedHashMap<>();
                        pushers.forEach(p -> m.put(List.of(p.receiver().label()), p.failures()));
                        return m;
                    });
        }
        registry.register(sink);
        registerJvmMetrics(registry);
        pushers.forEach(Pusher::start);
        return sink;
    }

    /**
     * The JVM's own metrics, those of {@code JvmMetrics}, but native memory's only when the JVM tracks it
     * ({@code -XX:NativeMemoryTracking}): {@code JvmMetrics} asks whether it does through the platform MBean server, whose
     * start took a tenth of a second before every run's first request (issue 18, goal 3), to register nothing when it
     * does not, the JVM's default.
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        if (ColdStart.vmOption("NativeMemoryTracking").filter(v -> !v.equals("off")).isPresent()) {
            JvmNativeMemoryMetrics.builder().register(registry);
        }
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /**
     * Pushes the final metrics and exports the last spans, side by side and a few seconds at most (a dead
     * receiver must not hold the exit), says what was lost, and stops serving. The results folder is
     * written before this, so nothing here can cost it.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + Pusher.TIMEOUT.toNanos();
        pushers.forEach(Pusher::finish);
        if (tracing.enabled()) {
            tracing.close(5);
            long dropped = tracing.dropped().values().stream().mapToLong(Long::longValue).sum();
            if (dropped > 0) {
                err.println("loadgen: " + dropped + " spans were dropped " + tracing.dropped() + ", " + tracing.exported() + " exported");
            }
        }
        for (Pusher p : pushers) {
            if (!p.await(Duration.ofNanos(deadline - System.nanoTime()))) {
                err.println("loadgen: the last metrics push (" + p.receiver().describe() + ") got no answer within "
                        + Values.format(Pusher.TIMEOUT) + "; the run's final figures may be missing there");
            } else if (p.failures() > 0) {
                err.println("loadgen: " + p.failures() + " of " + p.attempts() + " metrics pushes failed (" + p.receiver().describe()
                        + "; last: " + p.lastFailure().orElse("?") + ")");
            }
            p.receiver().close();
        }
        server.ifPresent(MetricsServer::close);
    }
}
