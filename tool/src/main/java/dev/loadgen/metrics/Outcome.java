package dev.loadgen.metrics;

/** How a request ended. {@code chaos} is an injected fault, reported apart from the target's own errors. */
public enum Outcome {
    OK("ok"), HTTP_ERROR("http_error"), TIMEOUT("timeout"), CONNECT_ERROR("connect_error"),
    INTERRUPTED("interrupted"), CHAOS("chaos");

    public final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** Failures that count against the target in error rates: everything but ok and injected chaos. */
    public boolean isError() {
        return this != OK && this != CHAOS;
    }
}
