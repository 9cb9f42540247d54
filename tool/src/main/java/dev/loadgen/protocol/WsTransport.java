package dev.loadgen.protocol;

import dev.loadgen.metrics.EndpointMeter;
import java.net.URI;
import java.util.Optional;

/**
 * Opens WebSockets for the simulated users. The handshake is timed, recorded and traced like any request
 * (status 101 when it opens); frames are counted by type.
 */
public interface WsTransport extends AutoCloseable {
    /** A handshake's result: the socket when it opened, and the status received (101, or 0 for none). */
    record Handshake(Optional<WsSession> session, int status) {}

    /**
     * Opens a socket, blocking until the handshake ends; empty when it failed (already recorded with its status
     * and outcome). With an injected fault (a reconnect of a burst), the handshake's outcome is {@code chaos}
     * whatever its status.
     */
    Handshake connect(EndpointMeter handshake, URI uri, String[] headers, WsListener listener, long intendedStartNanos, WireFault fault)
            throws InterruptedException;

    @Override
    void close();
}
