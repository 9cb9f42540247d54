package dev.loadgen.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** A WebSocket frame's span: PRODUCER for a frame sent, CONSUMER for one received. {@link #NONE} when off. */
public final class MessageSpan {
    public static final MessageSpan NONE = new MessageSpan(Span.getInvalid());

    private final Span span;

    MessageSpan(Span span) {
        this.span = span;
    }

    /** Names a received frame's span once its type is known (only the listener can parse the frame). */
    public void type(String type) {
        if (this != NONE) {
            span.updateName("receive " + type);
            span.setAttribute(Tracing.FRAME_TYPE, type);
        }
    }

    public void end(boolean ok) {
        if (this == NONE) {
            return;
        }
        if (!ok) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
