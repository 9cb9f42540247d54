package dev.loadgen.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.NetworkConfig;
import dev.loadgen.config.TlsConfig;
import dev.loadgen.metrics.ConnectionSample;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.Recorder;
import dev.loadgen.metrics.RequestSample;
import dev.loadgen.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connect and TLS handshake times of each new connection, over real sockets, recorded under the request that opened it. */
@Timeout(60)
class ConnectionTimingsTest {
    static TimedTarget https;
    static TimedTarget plain;
    static final NetworkConfig INSECURE = NetworkConfig.DEFAULT.withTls(new TlsConfig(List.of(), true, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), true));

    final Metrics metrics = new Metrics();
    final List<ConnectionSample> opened = new CopyOnWriteArrayList<>();
    final Recorder recorder = new Recorder() {
        @Override
        public void record(RequestSample s) {
            metrics.record(s);
        }

        @Override
        public void opened(ConnectionSample s) {
            opened.add(s);
            metrics.opened(s);
        }
    };

    @BeforeAll
    static void start() throws Exception {
        https = TimedTarget.https();
        plain = TimedTarget.http();
    }

    @AfterAll
    static void stop() throws Exception {
        https.close();
        plain.close();
    }

    private JettyHttpTransport transport(boolean perUser) {
        return new JettyHttpTransport(recorder, new HostPolicy(Set.of()), new JettyHttpTransport.Settings(Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(30), 8, "loadgen/test", perUser, 1024, new Networks(INSECURE, Map.of(), Map.of())),
                Clock.SYSTEM);
    }

    private static HttpCall get(EndpointMeter m, URI uri, ClientSession session) {
        return new HttpCall(m, "GET", uri, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, System.nanoTime(), WireFault.NONE,
                HttpCall.JSON, session, Judge.NONE);
    }

    private List<ConnectionSample> of(EndpointMeter m) {
        return opened.stream().filter(s -> s.endpoint() == m).toList();
    }

    @Test
    void a_user_whose_connection_is_closed_after_each_answer_opens_one_and_shakes_hands_per_request() throws Exception {
        long before = https.accepted();
        EndpointMeter m = metrics.endpoint("t", "GET /close", "GET");
        try (JettyHttpTransport http = transport(true)) {
            ClientSession user = ClientSession.of(1);
            for (int i = 0; i < 5; i++) {
                assertThat(http.send(get(m, https.base().resolve("/close"), user)).outcome()).isEqualTo(Outcome.OK);
            }
        }
        assertThat(https.accepted() - before).isEqualTo(5);
        assertThat(of(m)).hasSize(5).allSatisfy(s -> {
            assertThat(s.connectNanos()).isPositive();
            assertThat(s.tlsNanos()).isPresent();
            assertThat(s.tlsNanos().getAsLong()).isPositive();
        });
    }

    @Test
    void each_user_opens_its_own_connection_once_and_then_reuses_it() throws Exception {
        EndpointMeter first = metrics.endpoint("t", "GET /first", "GET");
        EndpointMeter next = metrics.endpoint("t", "GET /next", "GET");
        try (JettyHttpTransport http = transport(true)) {
            for (int user = 0; user < 4; user++) {
                http.send(get(first, https.base().resolve("/first"), ClientSession.of(user)));
            }
            for (int round = 0; round < 3; round++) {
                for (int user = 0; user < 4; user++) {
                    http.send(get(next, https.base().resolve("/next"), ClientSession.of(user)));
                }
            }
        }
        assertThat(of(first)).hasSize(4).allSatisfy(s -> assertThat(s.tlsNanos()).isPresent());
        assertThat(of(next)).isEmpty();
        assertThat(next.count()).isEqualTo(12);
    }

    @Test
    void requests_over_the_shared_pool_one_after_another_open_one_connection() throws Exception {
        long before = https.accepted();
        EndpointMeter m = metrics.endpoint("t", "GET /shared", "GET");
        try (JettyHttpTransport http = transport(false)) {
            for (int i = 0; i < 10; i++) {
                http.send(get(m, https.base().resolve("/shared"), ClientSession.SHARED));
            }
        }
        assertThat(m.count()).isEqualTo(10);
        assertThat(https.accepted() - before).isEqualTo(1);
        assertThat(of(m)).hasSize(1);
    }

    @Test
    void plain_http_has_connect_times_and_no_handshake() throws Exception {
        EndpointMeter m = metrics.endpoint("t", "GET /plain", "GET");
        try (JettyHttpTransport http = transport(false)) {
            for (int i = 0; i < 3; i++) {
                http.send(get(m, plain.base().resolve("/close"), ClientSession.SHARED));
            }
        }
        assertThat(of(m)).hasSize(3).allSatisfy(s -> {
            assertThat(s.connectNanos()).isPositive();
            assertThat(s.tlsNanos()).isEmpty();
        });
    }

    @Test
    void many_users_at_once_over_the_shared_pool_count_no_connection_twice() throws Exception {
        long before = https.accepted();
        EndpointMeter m = metrics.endpoint("t", "GET /burst", "GET");
        try (JettyHttpTransport http = transport(false)) {
            List<Thread> users = new java.util.ArrayList<>();
            for (int u = 0; u < 8; u++) {
                users.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 5; i++) {
                            http.send(get(m, https.base().resolve("/burst"), ClientSession.SHARED));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            for (Thread t : users) {
                t.join();
            }
        }
        assertThat(m.count()).isEqualTo(40);
        long accepted = https.accepted() - before;
        assertThat(accepted).isBetween(1L, 8L);
        // a connection opened for a request that another one, come free meanwhile, carried may never carry one: not counted
        assertThat(of(m)).hasSizeBetween(1, (int) accepted).allSatisfy(s -> assertThat(s.tlsNanos()).isPresent());
    }
}
