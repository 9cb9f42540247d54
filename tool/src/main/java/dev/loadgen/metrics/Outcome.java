package dev.loadgen.metrics;

/**
 * How a request ended: {@code ok}; {@code http_error} (a status it did not expect); {@code timeout} (no
 * whole response in time); {@code connect_error} (no connection: refused, no route, a name that does not
 * resolve); {@code tls_error} (a connection, but no TLS over it: the certificate not trusted, expired or for another name,
 * a client certificate required or refused, no protocol version in common); {@code reset} (the connection was made, then broke before the whole response came);
 * {@code check_failed} (the status was expected, but a check of the scenario found the response wrong);
 * {@code body_too_large} (the status was expected and the scenario reads the body, but the body was over
 * {@code target.max-response-body}: read to its end and dropped, so neither checked nor captured);
 * {@code interrupted} (cut off by loadgen at the end of graceful stop); {@code chaos} (an injected fault,
 * reported apart from the target's own errors).
 */
public enum Outcome {
    OK("ok"), HTTP_ERROR("http_error"), CHECK_FAILED("check_failed"), BODY_TOO_LARGE("body_too_large"), TIMEOUT("timeout"), CONNECT_ERROR("connect_error"),
    TLS_ERROR("tls_error"), RESET("reset"), INTERRUPTED("interrupted"), CHAOS("chaos");

    public final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** Failures that count against the target in error rates: everything but ok and injected chaos. */
    public boolean isError() {
        return this != OK && this != CHAOS;
    }
}
