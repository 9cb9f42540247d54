package dev.loadgen.demo.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Routes run on virtual threads, so blocking in them (fault delays, dependency calls) is cheap. */
class VirtualThreadsTest {
    @Test
    void a_route_runs_on_a_virtual_thread() throws Exception {
        Plumbing plumbing = new Plumbing("probe", TraceExport.none(), true, Optional.empty(), Duration.ofSeconds(1),
                Clock.systemUTC());
        Router router = new Router().get("/thread", ex -> Reply.ok(Map.of("virtual", Thread.currentThread().isVirtual())));
        try (plumbing; HttpServer server = HttpServer.start(new HttpServer.Spec("127.0.0.1", 0, router, plumbing, false))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/thread")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("{\"virtual\":true}");
        }
    }
}
