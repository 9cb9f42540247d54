package dev.loadgen.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * A user action's span (INTERNAL, the root of its trace), current on the user's thread until closed, so
 * that every request of the action is its child. {@link #NONE} when tracing is off.
 */
public final class ActionSpan implements AutoCloseable {
    public static final ActionSpan NONE = new ActionSpan(Span.getInvalid(), Scope.noop());

    private final Span span;
    private final Scope scope;

    ActionSpan(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    @Override
    public void close() {
        if (this != NONE) {
            scope.close();
            span.end();
        }
    }
}
