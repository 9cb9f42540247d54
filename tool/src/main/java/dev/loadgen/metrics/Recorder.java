package dev.loadgen.metrics;

/**
 * Where the protocol layer records each request (and WebSocket handshake) it finished or abandoned: one
 * call per request, and one more per connection a request opened. Frames on open sockets are counted in {@link WsCounters} instead.
 */
@FunctionalInterface
public interface Recorder {
    void record(RequestSample sample);

    /**
     * A failed request, with what went wrong in words ({@code HTTP 503: overloaded}, {@code Connection
     * refused}) for the error tables; the text is the target's and is treated as untrusted downstream.
     */
    default void record(RequestSample sample, String errorText) {
        record(sample);
    }

    /**
     * The meter of an endpoint the protocol layer meets by itself, not named by a scenario: a redirect's hop. {@link Metrics}
     * keeps one per service and name, within its cap on endpoints; this default, for a recorder that keeps no meters
     * (a test's), makes a new one each time.
     */
    default EndpointMeter endpoint(String service, String name, String method) {
        return new EndpointMeter(service, name, method);
    }

    /** A connection that a request opened, apart from the request's own sample; once per connection, never per request. */
    default void opened(ConnectionSample sample) {
    }
}
