package dev.loadgen.tracing;

import dev.loadgen.config.TracingConfig;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The run's tracer. Spans follow OpenTelemetry's HTTP client conventions ({@code http.request.method},
 * {@code url.template}, {@code http.response.status_code}, {@code server.address}); no URL with its ids and
 * query, no header, no body ever becomes an attribute, so tokens and passwords cannot leak into a backend.
 * Every user action is the root of its own trace, sampled by ratio; requests follow their action's decision.
 */
public final class Tracing implements AutoCloseable {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> SESSION = AttributeKey.stringKey("session.id");
    static final AttributeKey<String> PERSONA = AttributeKey.stringKey("loadgen.persona");
    static final AttributeKey<Long> USER = AttributeKey.longKey("loadgen.user");
    static final AttributeKey<String> FRAME_TYPE = AttributeKey.stringKey("loadgen.ws.frame_type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

    private static final TextMapPropagator PROPAGATOR = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
    private static final TextMapSetter<List<String>> SETTER = (carrier, key, value) -> {
        carrier.add(key);
        carrier.add(value);
    };
    private static final Tracing OFF = new Tracing(null, null, null);

    private final boolean enabled;
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final ExportGuard guard;

    private Tracing(SdkTracerProvider provider, Tracer tracer, ExportGuard guard) {
        this.enabled = provider != null;
        this.provider = provider;
        this.tracer = tracer;
        this.guard = guard;
    }

    public static Tracing off() {
        return OFF;
    }

    /**
     * Starts the SDK: spans go to {@code exporter} (OTLP in a run, an in-memory one in tests) through a
     * batch processor behind an {@link ExportGuard}. {@code warn} gets one line the first time export fails.
     */
    public static Tracing start(TracingConfig config, SpanExporter exporter, String version, Consumer<String> warn) {
        ExportGuard guard = new ExportGuard(exporter, config.endpoint().toString(), warn);
        AttributesBuilder resource = Attributes.builder().put("service.version", version);
        config.resource().forEach(resource::put);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(resource.build())))
                // actions are roots, sampled by ratio; their requests follow the action's decision
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
                .addSpanProcessor(guard.processor())
                .build();
        return new Tracing(provider, provider.get("dev.loadgen", version), guard);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Starts a user action's span, named like {@code posts.feed}, with the baggage of DESIGN.md §3 that
     * marks the traffic as synthetic; it is current on this thread until closed.
     */
    public ActionSpan action(String name, String persona, String sessionId, long user) {
        if (!enabled) {
            return ActionSpan.NONE;
        }
        Baggage baggage = Baggage.builder().put("synthetic_request", "true").put("session.id", sessionId).put("persona", persona).build();
        Context parent = Context.root().with(baggage);
        Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SESSION, sessionId).setAttribute(PERSONA, persona).setAttribute(USER, user).startSpan();
        return new ActionSpan(span, parent.with(span).makeCurrent());
    }

    /** A request's CLIENT span, child of the current action, named by method and route template. */
    public ClientSpan client(String name, String method, String template, URI uri) {
        if (!enabled) {
            return ClientSpan.NONE;
        }
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setAttribute(METHOD, method).setAttribute(URL_TEMPLATE, template);
        if (uri.getHost() != null) {
            b.setAttribute(SERVER_ADDRESS, uri.getHost());
        }
        if (uri.getPort() > 0) {
            b.setAttribute(SERVER_PORT, (long) uri.getPort());
        }
        Span span = b.startSpan();
        List<String> headers = new ArrayList<>(6);
        PROPAGATOR.inject(Context.current().with(span), headers, SETTER);
        return new ClientSpan(span, headers.toArray(String[]::new));
    }

    /** A WebSocket frame sent: PRODUCER, child of the current action. */
    public MessageSpan producer(String type, String destination) {
        if (!enabled) {
            return MessageSpan.NONE;
        }
        return new MessageSpan(tracer.spanBuilder("send " + type).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(OPERATION, "send").setAttribute(DESTINATION, destination).setAttribute(FRAME_TYPE, type).startSpan());
    }

    /**
     * A WebSocket frame received: CONSUMER, the root of a trace of its own (a socket lives for a whole
     * session; hanging every frame under the handshake would make one endless trace), linked to the
     * socket's handshake span.
     */
    public MessageSpan consumer(String destination, ClientSpan handshake) {
        if (!enabled) {
            return MessageSpan.NONE;
        }
        SpanBuilder b = tracer.spanBuilder("receive").setNoParent().setSpanKind(SpanKind.CONSUMER)
                .setAttribute(OPERATION, "receive").setAttribute(DESTINATION, destination);
        if (handshake.context().isValid()) {
            b.addLink(handshake.context());
        }
        return new MessageSpan(b.startSpan());
    }

    /** Spans dropped so far, by reason ({@code queue_full}, {@code export_failed}). */
    public Map<String, Long> dropped() {
        return enabled ? guard.dropped() : Map.of();
    }

    /** Spans the collector accepted so far. */
    public long exported() {
        return enabled ? guard.exported() : 0;
    }

    /** Exports what is still queued (for at most {@code seconds}) and stops. */
    public void close(long seconds) {
        if (enabled) {
            provider.shutdown().join(seconds, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        close(10);
    }
}
