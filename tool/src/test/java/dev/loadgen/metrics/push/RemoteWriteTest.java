package dev.loadgen.metrics.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.loadgen.config.PushConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Remote write over a real loopback socket: the request Prometheus expects, and one-line reasons when it is refused. */
class RemoteWriteTest {
    private record Received(String path, Map<String, List<String>> headers, byte[] body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int status = 204;
    private String answer = "";

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            received.add(new Received(ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), ex.getRequestBody().readAllBytes()));
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static RemoteWrite remoteWrite(URI url, Map<String, String> labels, Map<String, String> headers) {
        return new RemoteWrite(new PushConfig.RemoteWrite(url, labels, headers), Map.of("job", "loadgen", "instance", "host/42"), "loadgen/test");
    }

    @Test
    void a_push_is_a_snappy_protobuf_post_with_the_remote_write_headers_and_the_run_labels() throws Exception {
        URI url = start();
        PrometheusRegistry registry = Fixture.registry();
        try (RemoteWrite rw = remoteWrite(url, Map.of("instance", "ci-7", "testid", "nightly"), Map.of("X-Scope-OrgID", "perf"))) {
            rw.push(registry.scrape(), 1_764_000_000_000L, Duration.ofSeconds(5));
        }
        Received r = received.getFirst();
        assertThat(r.path()).isEqualTo("/api/v1/write");
        assertThat(r.headers()).containsEntry("Content-encoding", List.of("snappy")).containsEntry("Content-type", List.of("application/x-protobuf"))
                .containsEntry("X-prometheus-remote-write-version", List.of("0.1.0")).containsEntry("User-agent", List.of("loadgen/test"))
                .containsEntry("X-scope-orgid", List.of("perf"));
        Decoded d = Decoded.snappy(r.body());
        assertThat(d.series()).isNotEmpty().allSatisfy(s -> assertThat(s.labels())
                .containsEntry("job", "loadgen").containsEntry("instance", "ci-7").containsEntry("testid", "nightly"));
        assertThat(d.series()).extracting(Decoded.Series::name).contains("loadgen_requests_total", "loadgen_request_duration_seconds_bucket");
    }

    @Test
    void credentials_in_the_url_are_sent_as_basic_auth_and_not_in_the_request_line() throws Exception {
        URI url = start();
        URI withUser = URI.create(url.toString().replace("http://", "http://team:s3cret@"));
        try (RemoteWrite rw = remoteWrite(withUser, Map.of(), Map.of())) {
            assertThat(rw.describe()).doesNotContain("s3cret");
            rw.push(Fixture.registry().scrape(), 1L, Duration.ofSeconds(5));
        }
        assertThat(received.getFirst().headers().get("Authorization")).containsExactly("Basic dGVhbTpzM2NyZXQ=");
    }

    @Test
    void a_refusal_is_one_line_with_the_status_and_what_the_receiver_said() throws Exception {
        URI url = start();
        status = 400;
        answer = "out of order sample\n";
        try (RemoteWrite rw = remoteWrite(url, Map.of(), Map.of())) {
            assertThatThrownBy(() -> rw.push(Fixture.registry().scrape(), 1L, Duration.ofSeconds(5)))
                    .isInstanceOf(Receiver.PushFailure.class).hasMessage("HTTP 400: out of order sample");
        }
    }

    @Test
    void a_closed_port_and_a_silent_server_fail_within_the_timeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (RemoteWrite rw = remoteWrite(URI.create("http://127.0.0.1:" + closed + "/api/v1/write"), Map.of(), Map.of())) {
            assertThatThrownBy(() -> rw.push(Fixture.registry().scrape(), 1L, Duration.ofSeconds(5)))
                    .isInstanceOf(Receiver.PushFailure.class).hasMessage("ConnectException");
        }
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             RemoteWrite rw = remoteWrite(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/api/v1/write"), Map.of(), Map.of())) {
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(silent.accept());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> rw.push(Fixture.registry().scrape(), 1L, Duration.ofMillis(300)))
                    .isInstanceOf(Receiver.PushFailure.class).hasMessage("no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
