package dev.loadgen.metrics;

import java.util.OptionalLong;

/**
 * A connection that a request opened: how long its TCP connect took, and over TLS its handshake (empty when the connection
 * is plain, or its handshake did not finish). Recorded under the endpoint of the first request sent over it.
 *
 * @param connectNanos from the connect call, after the name was resolved, to the socket being connected
 * @param tlsNanos     from the socket being connected to the handshake being done (through a proxy, the CONNECT in between)
 */
public record ConnectionSample(EndpointMeter endpoint, long connectNanos, OptionalLong tlsNanos) {
    public ConnectionSample {
        if (connectNanos < 0 || tlsNanos.orElse(0) < 0) {
            throw new IllegalArgumentException("a connection's times are never negative: " + connectNanos + ", " + tlsNanos);
        }
    }
}
