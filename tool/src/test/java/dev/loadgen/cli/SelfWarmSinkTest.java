package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/**
 * The self warm-up's sink answers in the shapes of real servers, in turn (a static file as nginx serves it, a JSON API,
 * a chunked answer, a bare one), each one a well-formed answer Jetty's client reads whole, and closes a connection after
 * its fourth: so the JIT's profiles of the response path are a real run's, not one answer's.
 */
class SelfWarmSinkTest {
    @Test
    void the_sink_answers_in_every_shape_and_closes_after_its_fourth_answer() throws Exception {
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(1);
        client.start();
        try (SelfWarm.Sink sink = new SelfWarm.Sink()) {
            String url = "http://127.0.0.1:" + sink.port() + "/warm";
            Set<String> contentTypes = new HashSet<>();
            Set<String> servers = new HashSet<>();
            int chunked = 0;
            int closing = 0;
            int requests = 3 * SelfWarm.Sink.REQUESTS_PER_CONNECTION;
            for (int i = 0; i < requests; i++) {
                ContentResponse r = client.GET(url);
                assertThat(r.getStatus()).isEqualTo(200);
                assertThat(r.getContentAsString()).isIn("{\"ok\":true}", "<html>warm-up</html>");
                contentTypes.add(r.getHeaders().get(HttpHeader.CONTENT_TYPE));
                servers.add(String.valueOf(r.getHeaders().get(HttpHeader.SERVER)));
                chunked += r.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, "chunked") ? 1 : 0;
                closing += r.getHeaders().contains(HttpHeader.CONNECTION, "close") ? 1 : 0;
            }
            assertThat(contentTypes).containsExactlyInAnyOrder("text/html", "application/json; charset=utf-8", "application/json");
            assertThat(servers).contains("null").anyMatch(s -> s.startsWith("nginx")).anyMatch(s -> s.startsWith("Jetty"));
            assertThat(chunked).isEqualTo(requests / SelfWarm.Sink.SHAPES.size());
            assertThat(closing).isEqualTo(requests / SelfWarm.Sink.REQUESTS_PER_CONNECTION);
        } finally {
            client.stop();
        }
    }
}
