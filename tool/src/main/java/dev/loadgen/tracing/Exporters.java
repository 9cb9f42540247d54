package dev.loadgen.tracing;

import dev.loadgen.config.TracingConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The OTLP exporter a config asks for: http/protobuf or grpc, with its endpoint and headers. */
public final class Exporters {
    /**
     * The exporters log every failed export through java.util.logging, which would print a stack trace on
     * the console per batch while a collector is down; loadgen says it once and counts instead. Held here
     * so the logger (and its level) is not collected.
     */
    private static final Logger OTEL_LOGS = Logger.getLogger("io.opentelemetry");

    private Exporters() {}

    public static SpanExporter otlp(TracingConfig config) {
        OTEL_LOGS.setLevel(Level.OFF);
        return switch (config.protocol()) {
            case HTTP_PROTOBUF -> {
                OtlpHttpSpanExporterBuilder b = OtlpHttpSpanExporter.builder().setEndpoint(config.endpoint().toString());
                config.headers().forEach(b::addHeader);
                yield b.build();
            }
            case GRPC -> {
                OtlpGrpcSpanExporterBuilder b = OtlpGrpcSpanExporter.builder().setEndpoint(config.endpoint().toString());
                config.headers().forEach(b::addHeader);
                yield b.build();
            }
        };
    }
}
