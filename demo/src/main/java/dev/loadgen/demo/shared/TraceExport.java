package dev.loadgen.demo.shared;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Map;
import java.util.Optional;

/**
 * Where a service's spans go. Spans are always made (the {@code traceparent} is continued and
 * passed on either way); only their export differs.
 */
public sealed interface TraceExport {
    /** Spans are made and propagated but not exported. */
    record None() implements TraceExport {}

    /** OTLP http/protobuf to this endpoint (the full traces URL, ending in {@code /v1/traces}). */
    record Otlp(String tracesEndpoint) implements TraceExport {}

    /**
     * To an exporter the caller owns (tests pass an in-memory one; the tool may pass its own).
     * The services flush it but never shut it down: four services share it.
     */
    record To(SpanExporter exporter) implements TraceExport {}

    static TraceExport none() {
        return new None();
    }

    static TraceExport to(SpanExporter exporter) {
        return new To(exporter);
    }

    /**
     * OTLP when {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (used as is) or
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (plus {@code /v1/traces}) is set, the way the
     * OpenTelemetry SDKs read them; none otherwise.
     */
    static TraceExport fromEnvironment(Map<String, String> env) {
        Optional<String> traces = nonBlank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        if (traces.isPresent()) {
            return new Otlp(traces.get());
        }
        return nonBlank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
                .<TraceExport>map(base -> new Otlp(base.replaceAll("/+$", "") + "/v1/traces"))
                .orElseGet(None::new);
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }
}
