package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.TestCertificates;
import dev.loadgen.TestCertificates.Issued;
import dev.loadgen.TlsServer;
import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TargetConfig;
import dev.loadgen.config.TlsConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as a browser does it, against Jetty servers on loopback with certificates made in the test: verified by default
 * (a failure is the counted outcome tls_error, in words that name the host, the cause and the fix), a CA of one's own,
 * mutual TLS with PEM files or a PKCS#12 keystore, a minimum protocol version, the opt-out, session resumption, and
 * WebSockets over the same settings.
 */
class TlsTransportTest {
    static final Issued CA = TestCertificates.ca("loadgen test CA");
    static final Issued OTHER_CA = TestCertificates.ca("some other CA");
    static final Issued SERVER = TestCertificates.server(CA, "127.0.0.1", "localhost");
    static final Issued CLIENT = TestCertificates.client(CA, "loadgen user");
    static TlsServer plain;
    static TlsServer mutual;
    static TlsServer tls12;
    static TlsServer otherName;
    @TempDir
    static Path dir;
    static Path caPem;

    @BeforeAll
    static void start() throws Exception {
        plain = TlsServer.start(SERVER);
        mutual = new TlsServer(SERVER, Optional.of(CA.cert()), List.of());
        tls12 = new TlsServer(SERVER, Optional.empty(), List.of("TLSv1.2"));
        otherName = TlsServer.start(TestCertificates.server(CA, "api.example.com"));
        caPem = TestCertificates.pem(dir.resolve("ca.pem"), List.of(CA.cert()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (TlsServer s : List.of(plain, mutual, tls12, otherName)) {
            s.close();
        }
    }

    static TlsConfig tls(List<Path> ca, boolean trustSystem) {
        return new TlsConfig(ca, trustSystem, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    static TlsConfig trusting() {
        return tls(List.of(caPem), true);
    }

    static JettyHttpTransport transport(Metrics metrics, TlsConfig tls) {
        Networks networks = new Networks(NetworkConfig.DEFAULT.withTls(tls), Map.of(), Map.of());
        return new JettyHttpTransport(metrics, new HostPolicy(Set.of()), new JettyHttpTransport.Settings(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(60), 4, "loadgen/test", true, TargetConfig.DEFAULT_MAX_RESPONSE_BODY, networks),
                Clock.SYSTEM);
    }

    /** One GET as user {@code user}, with its own connections; the reply's outcome. */
    static Outcome get(JettyHttpTransport http, EndpointMeter m, URI uri, long user) throws InterruptedException {
        return http.send(new HttpCall(m, "GET", uri, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(),
                WireFault.NONE, HttpCall.JSON, ClientSession.of(user), Judge.NONE)).outcome();
    }

    /** The outcome and error text of one GET with these settings. */
    static Map.Entry<Outcome, Map<String, Long>> once(TlsConfig tls, URI uri) throws InterruptedException {
        Metrics metrics = new Metrics();
        EndpointMeter m = metrics.endpoint("t", "GET /", "GET");
        try (JettyHttpTransport http = transport(metrics, tls)) {
            return Map.entry(get(http, m, uri, 1), m.errorTexts());
        }
    }

    @Test
    void a_certificate_from_an_unknown_ca_is_a_counted_tls_error_that_says_to_add_the_ca() throws Exception {
        Metrics metrics = new Metrics();
        EndpointMeter m = metrics.endpoint("t", "GET /", "GET");
        try (JettyHttpTransport http = transport(metrics, TlsConfig.DEFAULT)) {
            assertThat(get(http, m, plain.uri("127.0.0.1", "/"), 1)).isEqualTo(Outcome.TLS_ERROR);
            assertThat(get(http, m, plain.uri("127.0.0.1", "/"), 2)).isEqualTo(Outcome.TLS_ERROR);
        }
        assertThat(m.outcome(Outcome.TLS_ERROR)).isEqualTo(2);
        assertThat(m.errorTexts()).containsExactly(Map.entry("TLS: the certificate of 127.0.0.1:" + plain.port()
                + " is not trusted (PKIX path building failed); add its CA with tls.ca", 2L));
    }

    @Test
    void the_ca_of_the_target_makes_its_certificate_trusted_with_or_without_the_systems() throws Exception {
        assertThat(once(trusting(), plain.uri("127.0.0.1", "/")).getKey()).isEqualTo(Outcome.OK);
        assertThat(once(trusting(), plain.uri("localhost", "/")).getKey()).isEqualTo(Outcome.OK);
        assertThat(once(tls(List.of(caPem), false), plain.uri("127.0.0.1", "/")).getKey()).isEqualTo(Outcome.OK);
        Path other = TestCertificates.pem(dir.resolve("other-ca.pem"), List.of(OTHER_CA.cert()));
        Map.Entry<Outcome, Map<String, Long>> wrongCa = once(tls(List.of(other), false), plain.uri("127.0.0.1", "/"));
        assertThat(wrongCa.getKey()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(wrongCa.getValue()).containsOnlyKeys("TLS: the certificate of 127.0.0.1:" + plain.port() + " is not trusted (PKIX path "
                + "building failed); add its CA with tls.ca (trust-system is false: only the ca files are trusted)");
    }

    @Test
    void a_certificate_for_another_name_fails_host_name_verification() throws Exception {
        Map.Entry<Outcome, Map<String, Long>> r = once(trusting(), otherName.uri("127.0.0.1", "/"));
        assertThat(r.getKey()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(r.getValue()).containsOnlyKeys("TLS: the certificate of 127.0.0.1:" + otherName.port() + " is not for that name; "
                + "use a name it is for (target.hosts can aim that name at this address)");
    }

    @Test
    void a_server_that_requires_a_client_certificate_takes_it_from_pem_files_or_a_keystore_and_says_so_without() throws Exception {
        URI uri = mutual.uri("127.0.0.1", "/");
        Path cert = TestCertificates.pem(dir.resolve("client.pem"), CLIENT.chain());
        Path key = TestCertificates.pkcs8(dir.resolve("client.key"), CLIENT.key());
        TlsConfig pem = new TlsConfig(List.of(caPem), true, Optional.of(cert), Optional.of(key), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
        assertThat(once(pem, uri).getKey()).isEqualTo(Outcome.OK);
        Path p12 = TestCertificates.pkcs12(dir.resolve("client.p12"), CLIENT, "s3cret");
        TlsConfig keystore = new TlsConfig(List.of(caPem), true, Optional.empty(), Optional.empty(), Optional.of(p12), Optional.of("s3cret"),
                Optional.empty(), false);
        assertThat(once(keystore, uri).getKey()).isEqualTo(Outcome.OK);
        Map.Entry<Outcome, Map<String, Long>> none = once(trusting(), uri);
        assertThat(none.getKey()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(none.getValue()).hasSize(1);
        assertThat(none.getValue().keySet().iterator().next()).startsWith("TLS: 127.0.0.1:" + mutual.port() + " requires a client certificate "
                + "(alert ").endsWith("); give one with tls.cert and tls.key, or tls.keystore");
        Issued stranger = TestCertificates.client(OTHER_CA, "stranger");
        TlsConfig unknown = new TlsConfig(List.of(caPem), true, Optional.of(TestCertificates.pem(dir.resolve("stranger.pem"), stranger.chain())),
                Optional.of(TestCertificates.pkcs8(dir.resolve("stranger.key"), stranger.key())), Optional.empty(), Optional.empty(),
                Optional.empty(), false);
        // the server asks for a certificate from its CA: loadgen has none from it, so sends none
        Map.Entry<Outcome, Map<String, Long>> refused = once(unknown, uri);
        assertThat(refused.getKey()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(refused.getValue()).containsOnlyKeys("TLS: 127.0.0.1:" + mutual.port() + " requires a client certificate from a CA "
                + "it trusts, and loadgen's is from another (alert certificate_required)");
    }

    @Test
    void a_server_that_does_not_speak_tls_is_named_as_such() throws Exception {
        // a plain HTTP server answers the ClientHello with a 400 of its own
        try (java.net.ServerSocket clear = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = clear.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read(new byte[4096]);
                } catch (java.io.IOException e) {
                    // the client went
                }
            });
            Map.Entry<Outcome, Map<String, Long>> r = once(trusting(), URI.create("https://127.0.0.1:" + clear.getLocalPort() + "/"));
            assertThat(r.getKey()).isEqualTo(Outcome.TLS_ERROR);
            assertThat(r.getValue()).containsOnlyKeys("TLS: 127.0.0.1:" + clear.getLocalPort() + " does not answer in TLS "
                    + "(unrecognized SSL message); is it http:// rather than https://?");
        }
    }

    @Test
    void a_minimum_version_the_server_does_not_speak_is_no_protocol_in_common() throws Exception {
        URI uri = tls12.uri("127.0.0.1", "/");
        TlsConfig tls13 = new TlsConfig(List.of(caPem), true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("TLSv1.3"), false);
        Map.Entry<Outcome, Map<String, Long>> r = once(tls13, uri);
        assertThat(r.getKey()).isEqualTo(Outcome.TLS_ERROR);
        assertThat(r.getValue()).containsOnlyKeys("TLS: no protocol version in common with 127.0.0.1:" + tls12.port() + " (alert "
                + "protocol_version): loadgen offers TLSv1.3; lower tls.min-version if the server is older");
        TlsConfig tls12min = new TlsConfig(List.of(caPem), true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("TLSv1.2"), false);
        assertThat(once(tls12min, uri).getKey()).isEqualTo(Outcome.OK);
    }

    @Test
    void insecure_skip_verify_takes_any_certificate_for_any_name() throws Exception {
        TlsConfig insecure = new TlsConfig(List.of(), true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true);
        assertThat(once(insecure, plain.uri("127.0.0.1", "/"))).isEqualTo(Map.entry(Outcome.OK, Map.of()));
        assertThat(once(insecure, otherName.uri("127.0.0.1", "/"))).isEqualTo(Map.entry(Outcome.OK, Map.of()));
    }

    @Test
    void a_users_next_connection_to_the_same_host_resumes_its_session_and_another_users_first_is_a_full_handshake() throws Exception {
        try (TlsServer server = TlsServer.start(SERVER)) {
            Metrics metrics = new Metrics();
            EndpointMeter m = metrics.endpoint("t", "GET /close", "GET");
            try (JettyHttpTransport http = transport(metrics, trusting())) {
                // each answer closes its connection: every request is a new connection and handshake
                for (int i = 0; i < 3; i++) {
                    assertThat(get(http, m, server.uri("127.0.0.1", "/close"), 1)).isEqualTo(Outcome.OK);
                }
                assertThat(server.fullHandshakes()).isEqualTo(1);
                for (int i = 0; i < 3; i++) {
                    assertThat(get(http, m, server.uri("127.0.0.1", "/close"), 2)).isEqualTo(Outcome.OK);
                }
                assertThat(server.fullHandshakes()).isEqualTo(2);
            }
        }
    }

    @Test
    void sni_is_the_urls_host_name_and_the_name_is_verified() throws Exception {
        SslContextFactory.Client f = TlsContexts.client(trusting());
        f.start();
        try {
            SSLEngine named = f.newSSLEngine("api.example.com", 443);
            assertThat(named.getSSLParameters().getServerNames()).containsExactly(new SNIHostName("api.example.com"));
            assertThat(named.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
            // no SNI for an address (RFC 6066)
            assertThat(f.newSSLEngine("127.0.0.1", 443).getSSLParameters().getServerNames()).isNullOrEmpty();
        } finally {
            f.stop();
        }
    }

    @Test
    void a_websocket_over_tls_uses_the_same_settings() throws Exception {
        URI uri = URI.create("wss://127.0.0.1:" + plain.port() + "/ws");
        for (TlsConfig tls : List.of(trusting(), TlsConfig.DEFAULT)) {
            Metrics metrics = new Metrics();
            EndpointMeter handshake = metrics.endpoint("chat", "WS /ws", "GET");
            try (JettyHttpTransport http = transport(metrics, tls);
                 JettyWsTransport ws = new JettyWsTransport(http, metrics, new WsCounters(), new HostPolicy(Set.of()), Duration.ofSeconds(5))) {
                WsTransport.Handshake h = ws.connect(handshake, uri, new String[0], text -> "frame", System.nanoTime(), WireFault.NONE);
                if (tls == TlsConfig.DEFAULT) {
                    assertThat(h.status()).isZero();
                    assertThat(handshake.outcome(Outcome.TLS_ERROR)).isEqualTo(1);
                    assertThat(handshake.errorTexts()).containsOnlyKeys("TLS: the certificate of 127.0.0.1:" + plain.port()
                            + " is not trusted (PKIX path building failed); add its CA with tls.ca");
                } else {
                    assertThat(h.status()).isEqualTo(101);
                    h.session().orElseThrow().close();
                }
            }
        }
    }
}
