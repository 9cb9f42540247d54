package dev.loadgen.protocol;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.metrics.HttpProtocol;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ConcurrentPool;

/**
 * The client transport for {@code http: 1.1 | 2 | auto}, and the name of the protocol a response came over.
 * <ul>
 * <li>{@code 1.1}: HTTP/1.1 only; over TLS without ALPN, which a server answers in HTTP/1.1.</li>
 * <li>{@code 2}: HTTP/2 only: ALPN offers {@code h2} alone over TLS; in clear text loadgen speaks h2c with prior knowledge
 *     (RFC 9113 §3.3), with no HTTP/1.1 upgrade first. A server that does not speak it fails the request.</li>
 * <li>{@code auto}: over TLS, ALPN offers {@code h2, http/1.1}, in a browser's order, and the server chooses; a server
 *     that answers no ALPN at all gets HTTP/1.1. In clear text, HTTP/1.1, as browsers do (they never speak h2c).</li>
 * </ul>
 * A user's HTTP/2 connection carries all of its concurrent requests, as a browser's does: see {@link Streams}.
 */
final class Protocols {
    /**
     * The streams a new HTTP/2 connection is expected to carry before its server's SETTINGS say how many: RFC 9113 §6.5.2
     * recommends servers allow at least 100 (Apache and HAProxy allow 100, nginx and Jetty 128, Go 250).
     */
    static final int EXPECTED_STREAMS = 100;
    /** ALPN's offer under {@code auto}: h2 first, as browsers offer. */
    private static final Origin.Protocol H2_FIRST = new Origin.Protocol(List.of("h2", "http/1.1"), true);

    private Protocols() {
    }

    static HttpClientTransport transport(ClientConnector connector, NetworkConfig.Http http) {
        return switch (http) {
            case H1 -> new HttpClientTransportOverHTTP(connector);
            case H2 -> streams(new H2Only(connector, h2(connector)));
            // HTTP/1.1 first: it is what clear text speaks, and what a TLS server that answers no ALPN gets
            case AUTO -> streams(new H2First(connector, HttpClientConnectionFactory.HTTP11, h2(connector)));
        };
    }

    /**
     * The protocol of a response that came in {@code version}, over TLS or not: {@link HttpVersion} does not tell h2 from h2c.
     * A switch on an enum, so that naming it costs a request nothing.
     */
    static HttpProtocol of(HttpVersion version, boolean secure) {
        return switch (version) {
            case HTTP_0_9, HTTP_1_0 -> HttpProtocol.HTTP_1_0;
            case HTTP_1_1 -> HttpProtocol.HTTP_1_1;
            case HTTP_2 -> secure ? HttpProtocol.H2 : HttpProtocol.H2C;
            case HTTP_3 -> HttpProtocol.H3;
        };
    }

    /**
     * A failure in the words of {@code http: 2} when it is one of a server without HTTP/2: ALPN's refusal
     * ({@code no_application_protocol}), or an answer to h2c's prior knowledge that is no HTTP/2 frame (an HTTP/1.1 server's
     * {@code HTTP/1.1 400}, read as a frame header, has a length of 4.7 MB: Jetty's {@code frame_size_error}).
     * Any other failure, and any failure under {@code 1.1} or {@code auto}, is given back as it is.
     */
    static Throwable explained(Throwable failure, NetworkConfig.Http http, boolean secure) {
        if (http != NetworkConfig.Http.H2) {
            return failure;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof NoHttp2Exception) {
                return t;
            }
            if (secure && t instanceof javax.net.ssl.SSLHandshakeException && m.contains("no_application_protocol")) {
                return new NoHttp2Exception("no HTTP/2: the server refused h2 by ALPN (http: 2); http: auto would speak HTTP/1.1");
            }
            if (!secure && t instanceof java.io.IOException && m.startsWith("frame_size_error")) {
                return new NoHttp2Exception("no HTTP/2: the server answered h2c (prior knowledge, http: 2) with no HTTP/2 frame; "
                        + "http: auto would speak HTTP/1.1");
            }
        }
        return failure;
    }

    private static ClientConnectionFactory.Info h2(ClientConnector connector) {
        return new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
    }

    private static HttpClientTransport streams(HttpClientTransport transport) {
        transport.setConnectionPoolFactory(Streams::new);
        return transport;
    }

    /**
     * A destination's connections when HTTP/2 may be spoken. Jetty's default pool for such a destination counts every
     * connection that is still opening as able to carry one request: a user that sends four requests at once before its
     * first connection is up would open four connections, and a shared pool that 500 users start on would open hundreds,
     * each to carry a single stream. Here, until a first connection says what the server speaks, an opening connection
     * is counted as carrying {@link #EXPECTED_STREAMS}: a user's first requests wait for its one connection, and a shared
     * pool opens another only when the ones it has are full. Once one is open, an opening connection counts for what that
     * one carries: as many streams as its server allows (SETTINGS_MAX_CONCURRENT_STREAMS) over HTTP/2; one request over
     * HTTP/1.1 (what ALPN may choose under {@code auto}), so that connections are then opened side by side as requests
     * queue, up to the client's maximum per destination, as for a destination that can only speak HTTP/1.1 from the start.
     */
    static final class Streams extends MultiplexConnectionPool {
        Streams(Destination destination) {
            super(destination, () -> new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST,
                    destination.getHttpClient().getMaxConnectionsPerDestination(), Streams::carries), mayBeHttp2(destination)
                    ? EXPECTED_STREAMS : 1);
        }

        /** What the server chose is known once a connection is open (it is called before the queued requests are sent). */
        @Override
        protected void onCreated(org.eclipse.jetty.client.Connection connection) {
            setInitialMaxMultiplex(carries(connection));
            super.onCreated(connection);
        }

        private static int carries(org.eclipse.jetty.client.Connection connection) {
            return connection instanceof ConnectionPool.MaxMultiplexable m ? Math.max(1, m.getMaxMultiplex()) : 1;
        }

        private static boolean mayBeHttp2(Destination destination) {
            Origin.Protocol protocol = destination.getOrigin().getProtocol();
            return protocol != null && (protocol.getProtocols().contains("h2") || protocol.getProtocols().contains("h2c"));
        }
    }

    /**
     * HTTP/2 alone. Over TLS, h2 must be chosen by ALPN (RFC 9113 §3.2): a server that answers no ALPN speaks HTTP/1.1, and
     * Jetty would otherwise send it HTTP/2 frames all the same and fail on what it reads back.
     */
    private static final class H2Only extends HttpClientTransportDynamic {
        H2Only(ClientConnector connector, ClientConnectionFactory.Info h2) {
            super(connector, h2);
        }

        @Override
        public org.eclipse.jetty.io.Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
            Destination destination = (Destination) context.get(Destination.CONTEXT_KEY);
            if (HttpScheme.HTTPS.is(destination.getOrigin().getScheme())
                    && context.get(ClientConnector.APPLICATION_PROTOCOL_CONTEXT_KEY) == null) {
                throw new NoHttp2Exception("no HTTP/2: the server chose no protocol by ALPN, so it speaks HTTP/1.1 only (http: 2); "
                        + "http: auto would speak HTTP/1.1");
            }
            return super.newConnection(endPoint, context);
        }
    }

    /** The dynamic transport with ALPN offering h2 before http/1.1, whatever the order of its protocols for clear text. */
    private static final class H2First extends HttpClientTransportDynamic {
        H2First(ClientConnector connector, ClientConnectionFactory.Info... protocols) {
            super(connector, protocols);
        }

        @Override
        public Origin newOrigin(Request request) {
            Origin origin = super.newOrigin(request);
            Origin.Protocol protocol = origin.getProtocol();
            return protocol == null || !protocol.isNegotiate() ? origin
                    : new Origin(origin.getScheme(), origin.getAddress(), origin.getTag(), H2_FIRST, origin.getTransport());
        }
    }
}
