package dev.loadgen.metrics;

/** The only way results leave the protocol layer: one call per finished (or abandoned) request. */
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
}
