package dev.loadgen.metrics;

import org.HdrHistogram.Histogram;

/**
 * The connections an endpoint's requests opened in one interval: TCP connect times, one per connection, and TLS handshake
 * times, one per handshake that finished; microseconds. Like every histogram of a {@link Snapshot}, read during the call only.
 */
public record ConnectionInterval(Histogram connect, Histogram tls) {
    /** No connection opened. */
    public static final ConnectionInterval NONE = new ConnectionInterval(new Histogram(3), new Histogram(3));

    public long opened() {
        return connect.getTotalCount();
    }
}
