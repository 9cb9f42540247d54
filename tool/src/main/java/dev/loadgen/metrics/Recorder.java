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

    /** A connection that a request opened, apart from the request's own sample; once per connection, never per request. */
    default void opened(ConnectionSample sample) {
    }
}
