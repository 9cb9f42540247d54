package dev.loadgen.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The span of one request (or WebSocket handshake): the headers that carry its context to the service,
 * and its end with the status and loadgen's outcome. {@link #NONE} when tracing is off.
 */
public final class ClientSpan {
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("loadgen.outcome");
    private static final String[] NO_HEADERS = {};

    public static final ClientSpan NONE = new ClientSpan(Span.getInvalid(), NO_HEADERS);

    private final Span span;
    private final String[] headers;

    ClientSpan(Span span, String[] headers) {
        this.span = span;
        this.headers = headers;
    }

    /** {@code traceparent}, {@code baggage} (and {@code tracestate} if any), as name/value pairs. */
    public String[] headers() {
        return headers;
    }

    /** The trace id when the span is sampled (hex), else empty: only sampled traces can be looked up. */
    public String traceId() {
        if (this == NONE) {
            return "";
        }
        SpanContext c = span.getSpanContext();
        return c.isSampled() ? c.getTraceId() : "";
    }

    public String spanId() {
        if (this == NONE) {
            return "";
        }
        SpanContext c = span.getSpanContext();
        return c.isSampled() ? c.getSpanId() : "";
    }

    SpanContext context() {
        return span.getSpanContext();
    }

    /**
     * Ends the span. {@code status} 0 means no response; {@code outcome} is loadgen's verdict (ok,
     * http_error, timeout, ...), which also decides the span's error status: a 404 the user expected is fine.
     */
    public void end(int status, String outcome, boolean error) {
        if (this == NONE) {
            return;
        }
        if (status > 0) {
            span.setAttribute(STATUS, (long) status);
        }
        span.setAttribute(OUTCOME, outcome);
        if (error) {
            span.setAttribute(ERROR_TYPE, status > 0 ? Integer.toString(status) : outcome);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
