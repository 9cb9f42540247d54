package dev.loadgen.metrics;

import org.HdrHistogram.Histogram;

/**
 * The connections one endpoint's requests opened: TCP connect and TLS handshake times, microseconds at three significant
 * digits, in recorders the collector swaps once per interval as it does the latencies. An endpoint makes its meter on its
 * first new connection, so an endpoint whose requests all go over connections already open holds none.
 */
final class ConnectionMeter {
    private final org.HdrHistogram.Recorder connect = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder tls = new org.HdrHistogram.Recorder(3);
    /** The last interval's histograms, recycled by the next: the sinks are done with them by then. */
    private ConnectionInterval last;

    void record(ConnectionSample s) {
        connect.recordValue(s.connectNanos() / 1000);
        if (s.tlsNanos().isPresent()) {
            tls.recordValue(s.tlsNanos().getAsLong() / 1000);
        }
    }

    /** The connections opened since the last call; only the collector calls it, one interval after another. */
    ConnectionInterval interval() {
        Histogram c = connect.getIntervalHistogram(last == null ? null : last.connect());
        Histogram t = tls.getIntervalHistogram(last == null ? null : last.tls());
        last = new ConnectionInterval(c, t);
        return last;
    }
}
