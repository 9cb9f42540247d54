package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.config.TlsConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.ProtocolServer.Offer;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http: 1.1 | 2 | auto} against real Jetty servers on loopback: what is negotiated, what is reported, and how many
 * connections a user's concurrent requests take, counted on the server's side.
 */
class Http2Test {
    private static final TlsConfig INSECURE = new TlsConfig(List.of(), true, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), true);

    @TempDir
    static Path dir;
    static Path keystore;

    private final Metrics metrics = new Metrics();
    private final EndpointMeter meter = metrics.endpoint("t", "GET /", "GET");
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void certificate() throws Exception {
        keystore = ProtocolServer.selfSigned(dir);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private ProtocolServer server(Offer offer) throws Exception {
        ProtocolServer s = new ProtocolServer(offer, keystore);
        open.add(s);
        return s;
    }

    private JettyHttpTransport client(NetworkConfig.Http http, boolean perUser) {
        NetworkConfig network = new NetworkConfig(INSECURE, http, NetworkConfig.Proxy.NONE, false, 0);
        JettyHttpTransport t = new JettyHttpTransport(metrics, new HostPolicy(Set.of()),
                new JettyHttpTransport.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(60), 50, "loadgen/test",
                        perUser, TargetConfig.DEFAULT_MAX_RESPONSE_BODY, new Networks(network, Map.of(), Map.of())), Clock.SYSTEM);
        open.add(t);
        return t;
    }

    private HttpReply get(JettyHttpTransport t, URI uri, ClientSession session) throws InterruptedException {
        return t.send(new HttpCall(meter, "GET", uri, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(),
                WireFault.NONE, HttpCall.JSON, session, Judge.NONE));
    }

    /** What one GET with {@code http} to a server that offers {@code offer} came over, as reported and as the server saw it. */
    private String negotiated(NetworkConfig.Http http, Offer offer) throws Exception {
        ProtocolServer s = server(offer);
        HttpReply reply = get(client(http, true), s.uri("/"), ClientSession.of(1));
        assertThat(reply.status()).isEqualTo(200);
        return meter.protocols() + " " + s.seen.getFirst().version();
    }

    @Test
    void auto_negotiates_h2_by_alpn_with_a_server_that_offers_it() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.AUTO, Offer.TLS_H2_H1)).isEqualTo("{h2=1} HTTP/2.0");
    }

    @Test
    void http_2_negotiates_h2_by_alpn() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.H2, Offer.TLS_H2_H1)).isEqualTo("{h2=1} HTTP/2.0");
    }

    @Test
    void http_1_1_stays_on_http_1_1_with_a_server_that_offers_h2() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.H1, Offer.TLS_H2_H1)).isEqualTo("{HTTP/1.1=1} HTTP/1.1");
    }

    /** Under {@code 1.1} the client offers nothing, and a server without ALPN from its client speaks HTTP/1.1. */
    @Test
    void alpn_offers_h2_before_http_1_1_under_auto_and_h2_alone_under_2() throws Exception {
        ProtocolServer s = server(Offer.TLS_H2_H1);
        for (NetworkConfig.Http http : List.of(NetworkConfig.Http.AUTO, NetworkConfig.Http.H2, NetworkConfig.Http.H1)) {
            assertThat(get(client(http, true), s.uri("/"), ClientSession.of(1)).status()).isEqualTo(200);
        }
        assertThat(s.offers).containsExactly(List.of("h2", "http/1.1"), List.of("h2"));
        assertThat(s.seen).extracting(ProtocolServer.Seen::version).containsExactly("HTTP/2.0", "HTTP/2.0", "HTTP/1.1");
    }

    @Test
    void http_2_in_clear_text_speaks_h2c_with_prior_knowledge() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.H2, Offer.H1_H2C)).isEqualTo("{h2c=1} HTTP/2.0");
    }

    @Test
    void auto_in_clear_text_speaks_http_1_1_as_browsers_do() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.AUTO, Offer.H1_H2C)).isEqualTo("{HTTP/1.1=1} HTTP/1.1");
    }

    @Test
    void auto_with_a_tls_server_that_offers_only_http_1_1_uses_http_1_1() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.AUTO, Offer.TLS_H1)).isEqualTo("{HTTP/1.1=1} HTTP/1.1");
    }

    @Test
    void auto_with_a_tls_server_that_answers_no_alpn_uses_http_1_1() throws Exception {
        assertThat(negotiated(NetworkConfig.Http.AUTO, Offer.TLS_H1_NO_ALPN)).isEqualTo("{HTTP/1.1=1} HTTP/1.1");
    }

    /** What a GET with {@code http: 2} to a server that offers {@code offer} ended as, and the words the error tables show. */
    private String refused(Offer offer) throws Exception {
        ProtocolServer s = server(offer);
        HttpReply reply = get(client(NetworkConfig.Http.H2, true), s.uri("/"), ClientSession.of(1));
        assertThat(s.seen).isEmpty();
        return reply.outcome().label + ": " + String.join("; ", meter.errorTexts().keySet());
    }

    @Test
    void http_2_with_a_clear_text_server_that_speaks_only_http_1_1_is_a_counted_error() throws Exception {
        assertThat(refused(Offer.H1)).isEqualTo("connect_error: no HTTP/2: the server answered h2c (prior knowledge, http: 2) with no "
                + "HTTP/2 frame; http: auto would speak HTTP/1.1");
        assertThat(meter.outcome(Outcome.CONNECT_ERROR)).isEqualTo(1);
    }

    @Test
    void http_2_with_a_tls_server_that_answers_no_alpn_is_a_counted_error() throws Exception {
        assertThat(refused(Offer.TLS_H1_NO_ALPN)).isEqualTo("connect_error: no HTTP/2: the server chose no protocol by ALPN, so it "
                + "speaks HTTP/1.1 only (http: 2); http: auto would speak HTTP/1.1");
    }

    /**
     * Jetty ends the handshake without a word when ALPN finds nothing in common; nginx and Go send RFC 7301's
     * no_application_protocol alert, which the JDK reports as below.
     */
    @Test
    void http_2_with_a_tls_server_that_offers_only_http_1_1_by_alpn_is_a_counted_error() throws Exception {
        assertThat(refused(Offer.TLS_H1)).matches("tls_error: TLS: the handshake with 127\\.0\\.0\\.1:\\d+ failed \\(Abruptly closed by peer\\)");
        Throwable alert = new javax.net.ssl.SSLHandshakeException("Received fatal alert: no_application_protocol");
        assertThat(ErrorText.failure(Protocols.explained(alert, NetworkConfig.Http.H2, true)))
                .isEqualTo("no HTTP/2: the server refused h2 by ALPN (http: 2); http: auto would speak HTTP/1.1");
        assertThat(Protocols.explained(alert, NetworkConfig.Http.AUTO, true)).isSameAs(alert);
    }

    /** {@code requests} GETs of {@code /together} sent at once by each of {@code users} users; the connections they took. */
    private int connectionsFor(ProtocolServer s, JettyHttpTransport t, int users, int requests, boolean shared) throws Exception {
        s.together(users * requests);
        List<Future<HttpReply>> replies = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < users; u++) {
                ClientSession session = shared ? ClientSession.SHARED : ClientSession.of(u);
                for (int r = 0; r < requests; r++) {
                    replies.add(threads.submit(() -> get(t, s.uri("/together"), session)));
                }
            }
            for (Future<HttpReply> f : replies) {
                assertThat(f.get().status()).isEqualTo(200);
            }
        }
        return s.connections();
    }

    @Test
    void a_users_concurrent_requests_share_its_one_h2_connection() throws Exception {
        ProtocolServer s = server(Offer.TLS_H2_H1);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.AUTO, true), 1, 5, false)).isEqualTo(1);
        assertThat(s.seen).allMatch(seen -> seen.version().equals("HTTP/2.0"));
    }

    @Test
    void a_users_concurrent_h2c_requests_share_its_one_connection() throws Exception {
        ProtocolServer s = server(Offer.H1_H2C);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.H2, true), 1, 5, false)).isEqualTo(1);
    }

    @Test
    void each_user_holds_its_own_h2_connection() throws Exception {
        ProtocolServer s = server(Offer.TLS_H2_H1);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.H2, true), 3, 4, false)).isEqualTo(3);
    }

    @Test
    void over_http_1_1_a_users_concurrent_requests_take_a_connection_each() throws Exception {
        ProtocolServer s = server(Offer.TLS_H2_H1);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.H1, true), 1, 5, false)).isEqualTo(5);
    }

    @Test
    void auto_over_tls_to_an_http_1_1_server_still_opens_a_connection_per_concurrent_request() throws Exception {
        ProtocolServer s = server(Offer.TLS_H1);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.AUTO, true), 1, 5, false)).isEqualTo(5);
    }

    @Test
    void the_shared_pool_multiplexes_all_users_requests_over_few_connections() throws Exception {
        ProtocolServer s = server(Offer.TLS_H2_H1);
        assertThat(connectionsFor(s, client(NetworkConfig.Http.AUTO, false), 40, 1, true)).isEqualTo(1);
    }

    @Test
    void a_websocket_opens_by_an_http_1_1_upgrade_with_http_2() throws Exception {
        for (Offer offer : List.of(Offer.TLS_H2_H1, Offer.H1_H2C)) {
            for (boolean perUser : List.of(true, false)) {
                ProtocolServer s = server(offer);
                JettyHttpTransport http = client(NetworkConfig.Http.H2, perUser);
                JettyWsTransport sockets = new JettyWsTransport(http, metrics, new WsCounters(), new HostPolicy(Set.of()), Duration.ofSeconds(5));
                open.add(sockets);
                EndpointMeter handshake = metrics.endpoint("chat", "WS /ws " + offer + perUser, "GET");
                WsTransport.Handshake h = sockets.connect(handshake, s.ws("/ws"), new String[0], text -> "frame", System.nanoTime(), WireFault.NONE);
                assertThat(h.status()).as(offer + " per user " + perUser + ": " + handshake.errorTexts()).isEqualTo(101);
                h.session().orElseThrow().close();
                assertThat(handshake.outcome(Outcome.OK)).isEqualTo(1);
                assertThat(s.seen).extracting(ProtocolServer.Seen::version).containsExactly("HTTP/1.1");
            }
        }
    }
}
