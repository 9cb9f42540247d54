package dev.loadgen.demo.shared;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;

/**
 * One service's OpenTelemetry tracing: its own {@link SdkTracerProvider} whose resource says
 * {@code service.name}, so four services in one process still show as four services, and
 * which never touches {@code GlobalOpenTelemetry} (the tool runs its own SDK in the same JVM).
 */
public final class ServiceTracing implements AutoCloseable {
    public static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    public static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private static final TextMapPropagator PROPAGATOR = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
    private static final TextMapGetter<HttpFields> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpFields carrier) {
            return carrier.getFieldNamesCollection();
        }

        @Override
        public String get(HttpFields carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    public ServiceTracing(String service, TraceExport export) {
        var builder = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), service))));
        processor(export).ifPresent(builder::addSpanProcessor);
        provider = builder.build();
        tracer = provider.get("dev.loadgen.demo");
    }

    /** Batch, never simple: a slow collector must not add its latency to the demo's answers. */
    private static Optional<SpanProcessor> processor(TraceExport export) {
        return switch (export) {
            case TraceExport.None n -> Optional.empty();
            case TraceExport.Otlp o -> Optional.of(BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder().setEndpoint(o.tracesEndpoint()).build()).build());
            case TraceExport.To t -> Optional.of(BatchSpanProcessor.builder(new Unowned(t.exporter()))
                    .setScheduleDelay(200, TimeUnit.MILLISECONDS).build());
        };
    }

    public static TextMapPropagator propagator() {
        return PROPAGATOR;
    }

    /** A server span continuing the {@code traceparent} (and baggage) of the incoming request. */
    public Span startServer(HttpFields headers, String method, String path, String name, Optional<String> route) {
        Context parent = PROPAGATOR.extract(Context.root(), headers, GETTER);
        var b = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(URL_PATH, path);
        route.ifPresent(r -> b.setAttribute(ROUTE, r));
        return b.startSpan();
    }

    /** A client span for a call to another service, child of the current context. */
    public Span startClient(String method, String template, String host, int port) {
        return tracer.spanBuilder(method + " " + template).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method).setAttribute(URL_TEMPLATE, template)
                .setAttribute(SERVER_ADDRESS, host).setAttribute(SERVER_PORT, (long) port)
                .startSpan();
    }

    public static <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
        PROPAGATOR.inject(context, carrier, setter);
    }

    /** Records the status on a span; 5xx are errors for a server span, 4xx too for a client one. */
    public static void end(Span span, int status, boolean server) {
        span.setAttribute(STATUS, (long) status);
        if (status >= 500 || (!server && status >= 400)) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    public void flush() {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }

    /** Passes spans on to an exporter someone else owns: flushes it, never shuts it down. */
    private record Unowned(SpanExporter delegate) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans);
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.flush();
        }
    }
}
