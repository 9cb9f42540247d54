package dev.loadgen.metrics.push;

import dev.loadgen.config.PushConfig;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP metrics through the OpenTelemetry SDK's own exporters (http/protobuf with the JDK's client, grpc with
 * the Jetty sender tracing registers), fed from the registry rather than from SDK instruments, so what
 * arrives is what {@code /metrics} serves, series caps included.
 */
public final class OtlpMetrics implements Receiver {
    /** The exporters log each failed export through java.util.logging; the pusher says it once instead. */
    private static final Logger OTEL_LOGS = Logger.getLogger("io.opentelemetry");

    private final MetricExporter exporter;
    private final Resource resource;
    private final String where;
    private final long startNanos;

    OtlpMetrics(MetricExporter exporter, Resource resource, String where, long startEpochNanos) {
        this.exporter = exporter;
        this.resource = resource;
        this.where = where;
        this.startNanos = startEpochNanos;
    }

    public static OtlpMetrics of(PushConfig.Otlp config, long startEpochMillis) {
        OTEL_LOGS.setLevel(Level.OFF);
        MetricExporter exporter = switch (config.protocol()) {
            case HTTP_PROTOBUF -> {
                // no retries: a push is never retried (the next one carries newer totals), and a retry could outlast the end
                OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder().setEndpoint(config.endpoint().toString())
                        .setTimeout(Pusher.TIMEOUT).setRetryPolicy(null);
                config.headers().forEach(b::addHeader);
                yield b.build();
            }
            case GRPC -> {
                OtlpGrpcMetricExporterBuilder b = OtlpGrpcMetricExporter.builder().setEndpoint(config.endpoint().toString())
                        .setTimeout(Pusher.TIMEOUT).setRetryPolicy(null);
                config.headers().forEach(b::addHeader);
                yield b.build();
            }
        };
        AttributesBuilder attributes = Attributes.builder();
        config.resource().forEach(attributes::put);
        Resource resource = Resource.create(attributes.build());
        return new OtlpMetrics(exporter, resource, "OTLP metrics to " + config.endpoint() + " (" + config.protocol().label + ")",
                startEpochMillis * 1_000_000);
    }

    @Override
    public void push(MetricSnapshots snapshot, long epochMillis, Duration timeout) throws PushFailure {
        CompletableResultCode r = exporter.export(OtlpData.of(snapshot, resource, startNanos, epochMillis * 1_000_000));
        r.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!r.isDone()) {
            throw new PushFailure("no answer within " + timeout.toMillis() + " ms");
        }
        if (!r.isSuccess()) {
            throw new PushFailure(reason(r.getFailureThrowable()));
        }
    }

    /**
     * The status the receiver answered, or why there was no answer. The exporters report both through an
     * exception of their internal package; a change there breaks this at compile time, not silently.
     */
    private static String reason(Throwable why) {
        Throwable t = why;
        if (t instanceof FailedExportException.HttpExportException h) {
            if (h.failedWithResponse()) {
                String text = new String(h.getResponse().getResponseBody(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
                return "HTTP " + h.getResponse().getStatusCode() + (text.isEmpty() || text.length() > 200 ? "" : ": " + text);
            }
            t = h.getCause();
        } else if (t instanceof FailedExportException.GrpcExportException g) {
            if (g.failedWithResponse()) {
                return "grpc " + g.getResponse().getStatusCode() + ": " + g.getResponse().getStatusDescription();
            }
            t = g.getCause();
        }
        return t == null ? "the export failed" : RemoteWrite.reason(t);
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public String label() {
        return "otlp";
    }

    @Override
    public void close() {
        exporter.shutdown().join(1, TimeUnit.SECONDS);
    }
}
