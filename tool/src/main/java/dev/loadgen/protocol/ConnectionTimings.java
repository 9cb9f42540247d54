package dev.loadgen.protocol;

import dev.loadgen.metrics.ConnectionSample;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * Times every connection a client opens, the TCP connect and over TLS the handshake, and records the times under the
 * endpoint of the first request sent over it ({@link Recorder#opened}).
 *
 * <p>Which request opened a connection: Jetty opens one when a request finds none free at its destination, but does not
 * say for which; the first request it carries is taken as the one. With a connection pool per user (a user sends one
 * request at a time) that is the request that waited for it; with the pool all users share it is the request that waited
 * longest, the same unless another connection came free meanwhile. Jetty's own requests (a proxy's CONNECT) are not ours.
 *
 * <p>The three moments come from three hooks that know the connection by its socket, its local and remote addresses, the
 * only name they share: the connector's connect events (begun, connected), the client's TLS handshake events, and the
 * client's request-begin event, where {@code request.getConnection()} is the connection it goes over. The begin event
 * hands the times to the request as an attribute, read back once the exchange is over (the handshake of an HTTP/1.1
 * connection ends while the request is written, after it began). Work is done per new connection: a request over a
 * connection already claimed costs one read of a volatile counter at its begin and one empty map look-up at its end.
 */
final class ConnectionTimings {
    private static final String ATTRIBUTE = ConnectionTimings.class.getName();

    private final Clock clock;
    private final Recorder recorder;
    /** Sockets being connected: when their connect began. */
    private final Map<SocketChannel, Long> connecting = new HashMap<>();
    /** Connected sockets whose times are not yet handed to a request, or whose handshake is not yet done. */
    private final Map<Socket, Timing> open = new HashMap<>();
    /** Of {@link #open}, those no request has claimed: while there are none, a request's begin does nothing. */
    private volatile int unclaimed;

    ConnectionTimings(Clock clock, Recorder recorder) {
        this.clock = clock;
        this.recorder = recorder;
    }

    /** Hooks into a client about to start and its connector. */
    void watch(ClientConnector connector, HttpClient client) {
        connector.addEventListener(new Connects());
        client.addBean(new Handshakes());
        client.getRequestListeners().addBeginListener(this::begun);
    }

    /** Records the times of the connection that {@code request}, now over, opened, if it opened one. */
    void record(Request request, EndpointMeter endpoint) {
        if (request.getAttributes().get(ATTRIBUTE) instanceof Timing t) {
            ConnectionSample sample;
            synchronized (this) {
                sample = t.sample(endpoint);
            }
            recorder.opened(sample);
        }
    }

    /** A socket as a client's connection and its TLS end point both know it. */
    private record Socket(SocketAddress local, SocketAddress remote) {}

    /** One connection's times; its fields are guarded by the {@link ConnectionTimings} that made it. */
    private static final class Timing {
        final SocketChannel channel;
        final long connectNanos;
        final long connectedAt;
        long tlsNanos = -1;
        /** Its handshake is over (done or failed), so nothing more will be learnt of it. */
        boolean settled;
        boolean claimed;

        Timing(SocketChannel channel, long connectNanos, long connectedAt) {
            this.channel = channel;
            this.connectNanos = connectNanos;
            this.connectedAt = connectedAt;
        }

        ConnectionSample sample(EndpointMeter endpoint) {
            return new ConnectionSample(endpoint, connectNanos, tlsNanos < 0 ? OptionalLong.empty() : OptionalLong.of(tlsNanos));
        }
    }

    private void begun(Request request) {
        if (unclaimed == 0 || HttpMethod.CONNECT.is(request.getMethod())) {
            return;
        }
        Connection c = request.getConnection();
        if (c == null) {
            return;
        }
        Socket socket = new Socket(c.getLocalSocketAddress(), c.getRemoteSocketAddress());
        Timing t;
        synchronized (this) {
            t = open.get(socket);
            if (t == null || t.claimed) {
                return;
            }
            t.claimed = true;
            unclaimed--;
            // a plain request's connection has no handshake to wait for; a TLS one's may be over already (ALPN, HTTP/2)
            if (t.settled || !request.getScheme().equalsIgnoreCase("https")) {
                open.remove(socket);
            }
        }
        request.attribute(ATTRIBUTE, t);
    }

    private synchronized void connected(SocketChannel channel) {
        Long began = connecting.remove(channel);
        if (began == null) {
            return;
        }
        long now = clock.nanoTime();
        Socket socket;
        try {
            socket = new Socket(channel.getLocalAddress(), channel.getRemoteAddress());
        } catch (IOException e) {
            return;    // closed already: it carries no request
        }
        sweep();
        Timing before = open.put(socket, new Timing(channel, Math.max(0, now - began), now));
        if (before == null || before.claimed) {
            unclaimed++;
        }
    }

    /**
     * Forgets the sockets closed before a request claimed them or before their handshake ended (a connection opened for a
     * queue another one served, a handshake cut off): once per new connection, over the few connections being set up.
     */
    private void sweep() {
        connecting.keySet().removeIf(ch -> !ch.isOpen());
        for (Iterator<Timing> it = open.values().iterator(); it.hasNext(); ) {
            Timing t = it.next();
            if (!t.channel.isOpen()) {
                it.remove();
                if (!t.claimed) {
                    unclaimed--;
                }
            }
        }
    }

    private void handshakeOver(EndPoint endPoint, boolean done) {
        long now = clock.nanoTime();
        Socket socket = new Socket(endPoint.getLocalSocketAddress(), endPoint.getRemoteSocketAddress());
        synchronized (this) {
            Timing t = open.get(socket);
            if (t == null) {
                return;
            }
            if (done) {
                t.tlsNanos = Math.max(0, now - t.connectedAt);
            }
            t.settled = true;
            if (t.claimed) {
                open.remove(socket);
            }
        }
    }

    private final class Connects implements ClientConnector.ConnectListener {
        @Override
        public void onConnectBegin(SocketChannel channel, SocketAddress address) {
            long now = clock.nanoTime();
            synchronized (ConnectionTimings.this) {
                connecting.put(channel, now);
            }
        }

        @Override
        public void onConnectSuccess(SocketChannel channel) {
            connected(channel);
        }

        @Override
        public void onConnectFailure(SocketChannel channel, SocketAddress address, Throwable failure) {
            synchronized (ConnectionTimings.this) {
                connecting.remove(channel);
            }
        }
    }

    private final class Handshakes implements SslHandshakeListener {
        @Override
        public void handshakeSucceeded(Event event) {
            handshakeOver(event.getEndPoint(), true);
        }

        @Override
        public void handshakeFailed(Event event, Throwable failure) {
            handshakeOver(event.getEndPoint(), false);
        }
    }
}
