package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.metrics.HttpProtocol;
import dev.loadgen.protocol.ProtocolServer.Offer;
import java.nio.file.Path;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an HTTP/2 destination's pool counts the connections it opens, once it knows what its server speaks. */
class ProtocolsTest {
    @TempDir
    static Path dir;
    static Path keystore;

    @BeforeAll
    static void certificate() throws Exception {
        keystore = ProtocolServer.selfSigned(dir);
    }

    /** The streams an opening connection counts for in the pool of the one destination a GET with {@code http} made. */
    private static int countedPerOpeningConnection(NetworkConfig.Http http, Offer offer, boolean sendFirst) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        HttpClient client = new HttpClient(Protocols.transport(connector, http));
        try (ProtocolServer s = new ProtocolServer(offer, keystore)) {
            client.start();
            if (sendFirst) {
                assertThat(client.GET(s.uri("/")).getStatus()).isEqualTo(200);
            } else {
                client.resolveDestination(client.getHttpClientTransport().newOrigin(client.newRequest(s.uri("/"))));
            }
            Destination d = client.getDestinations().getFirst();
            return ((MultiplexConnectionPool) d.getConnectionPool()).getInitialMaxMultiplex();
        } finally {
            client.stop();
        }
    }

    @Test
    void before_its_first_connection_a_destination_that_may_speak_h2_counts_one_for_100_streams() throws Exception {
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.AUTO, Offer.TLS_H2_H1, false)).isEqualTo(Protocols.EXPECTED_STREAMS);
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.H2, Offer.H1_H2C, false)).isEqualTo(Protocols.EXPECTED_STREAMS);
    }

    @Test
    void a_destination_that_can_only_speak_http_1_1_counts_one_request_per_connection_from_the_start() throws Exception {
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.AUTO, Offer.H1_H2C, false)).isEqualTo(1);
    }

    @Test
    void once_a_connection_is_open_the_next_count_for_what_it_carries() throws Exception {
        // Jetty's server allows 128 streams per connection
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.AUTO, Offer.TLS_H2_H1, true)).isEqualTo(128);
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.H2, Offer.H1_H2C, true)).isEqualTo(128);
        // ALPN chose HTTP/1.1: connections are then opened side by side, one per queued request
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.AUTO, Offer.TLS_H1, true)).isEqualTo(1);
        assertThat(countedPerOpeningConnection(NetworkConfig.Http.AUTO, Offer.TLS_H1_NO_ALPN, true)).isEqualTo(1);
    }

    @Test
    void a_response_names_h2_over_tls_and_h2c_in_clear_text() {
        assertThat(Protocols.of(HttpVersion.HTTP_2, true)).isEqualTo(HttpProtocol.H2);
        assertThat(Protocols.of(HttpVersion.HTTP_2, false)).isEqualTo(HttpProtocol.H2C);
        assertThat(Protocols.of(HttpVersion.HTTP_1_1, true)).isEqualTo(HttpProtocol.HTTP_1_1);
        assertThat(Protocols.of(HttpVersion.HTTP_1_0, false).label).isEqualTo("HTTP/1.0");
    }
}
