package dev.loadgen.metrics;

/**
 * A consumer of the interval snapshots: the live progress line, the results folder's histogram logs and
 * timeline, Prometheus and the dashboard. Called from the collector's thread only, in order.
 */
public interface Sink extends AutoCloseable {
    void interval(Snapshot snapshot);

    /** After the last snapshot; flush and release. */
    @Override
    default void close() {}
}
