package dev.loadgen.metrics;

/** The only way results leave the protocol layer: one call per finished (or abandoned) request. */
@FunctionalInterface
public interface Recorder {
    void record(RequestSample sample);
}
