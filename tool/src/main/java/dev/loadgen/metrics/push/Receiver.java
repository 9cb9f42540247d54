package dev.loadgen.metrics.push;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;

/** Where pushed metrics go: one request per push, answered or failed within the timeout. */
public interface Receiver extends AutoCloseable {
    /**
     * Sends one snapshot, taken at {@code epochMillis}.
     *
     * @throws PushFailure with a one-line reason ({@code HTTP 400: out of order sample}, {@code connection refused})
     */
    void push(MetricSnapshots snapshot, long epochMillis, Duration timeout) throws PushFailure;

    /** What and where, for messages: {@code remote write to http://prometheus:9090/api/v1/write}. */
    String describe();

    /** The value of the {@code receiver} label of loadgen's push counters: {@code remote_write}, {@code otlp}. */
    String label();

    @Override
    void close();

    /** A push the receiver did not take. */
    final class PushFailure extends Exception {
        public PushFailure(String reason) {
            super(reason);
        }
    }
}
