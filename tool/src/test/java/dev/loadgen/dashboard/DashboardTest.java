package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.config.DashboardConfig;
import dev.loadgen.config.Segment;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Sink;
import dev.loadgen.metrics.WsCounters;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's server on a real socket: pages, the control API and its guards, the event stream, ports. */
// on a thread of its own, so that a test stuck reading the event stream is abandoned and fails rather than hangs the build
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> open = new ArrayList<>();
    private final FakeLoad load = new FakeLoad();
    /**
     * The collector's warnings (a sink that failed and was dropped). They come on the collector's thread, where a
     * thrown assertion would only kill that thread and leave the test waiting; they are kept here and checked on
     * the test's thread instead.
     */
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        assertThat(warnings).as("warnings from the interval collector").isEmpty();
    }

    private Dashboard start(DashboardConfig config) throws Exception {
        Dashboard d = Dashboard.start(config);
        open.add(d);
        return d;
    }

    private Dashboard started() throws Exception {
        return start(new DashboardConfig(freePort(), true, "127.0.0.1", Optional.empty()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Sink attach(Dashboard d) {
        return attach(d, Segment.WHOLE);
    }

    private Sink attach(Dashboard d, Segment segment) {
        Metrics metrics = new Metrics();
        IntervalCollector collector = new IntervalCollector(metrics, new WsCounters(), Duration.ofSeconds(1), System.nanoTime(), dev.loadgen.time.Clock.SYSTEM, warnings::add);
        return d.attach(load, segment, collector.totals(), List.of(), Duration.ofMinutes(1));
    }

    private static HttpResponse<String> post(Dashboard d, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(d.url().resolve(path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length == 0) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> r, String name) throws Exception {
        return JSON.readTree(r.body()).path(name).asText();
    }

    @Test
    void the_page_and_its_assets_come_from_loadgen_itself_under_a_strict_policy() throws Exception {
        Dashboard d = started();
        HttpResponse<String> page = get(d.url());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).startsWith("default-src 'self'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.body()).contains("assets/uPlot.iife.min.js").doesNotContain("//cdn").doesNotContain("https://");
        for (String asset : List.of("uPlot.iife.min.js", "uPlot.min.css", "format.js", "charts.js", "tables.js", "dashboard.js", "style.css")) {
            HttpResponse<String> r = get(d.url().resolve("assets/" + asset));
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotBlank();
        }
        assertThat(get(d.url().resolve("assets/../../etc/passwd")).statusCode()).isIn(400, 404);
        assertThat(get(d.url().resolve("nothing-here")).statusCode()).isEqualTo(404);
    }

    /** A control point reads each instance's share from here: the target is the whole run's, the segment says the share. */
    @Test
    void the_status_says_which_segment_of_the_run_this_instance_runs() throws Exception {
        Dashboard d = started();
        attach(d, new Segment(1, 3));
        JsonNode status = JSON.readTree(get(d.url().resolve("api/status")).body());
        assertThat(status.path("segment").asText()).isEqualTo("1/3");
        assertThat(status.path("target").asDouble()).isEqualTo(5);
        HttpResponse<String> r = post(d, "api/users", "{\"users\": 7}");
        assertThat(JSON.readTree(r.body()).path("control").path("segment").asText()).isEqualTo("1/3");
    }

    @Test
    void control_changes_users_and_stops_through_the_load_control_only() throws Exception {
        Dashboard d = started();
        assertThat(post(d, "api/users", "{\"users\": 3}").statusCode()).as("not attached yet").isEqualTo(503);
        attach(d);
        HttpResponse<String> r = post(d, "api/users", "{\"users\": 12, \"over\": \"10s\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(field(r, "message")).isEqualTo("target users set to 12 over 10s");
        assertThat(JSON.readTree(r.body()).path("control").path("target").asDouble()).isEqualTo(12);
        assertThat(post(d, "api/users", "{\"users\": \"4\", \"over\": 2.5}").statusCode()).isEqualTo(200);
        JsonNode status = JSON.readTree(get(d.url().resolve("api/status")).body());
        assertThat(status.path("target").asDouble()).isEqualTo(4);
        assertThat(status.path("segment").asText()).isEqualTo("0/1");
        HttpResponse<String> stop = post(d, "api/stop", "{}");
        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(load.calls).containsExactly("users 12 over 10000ms", "users 4 over 2500ms", "stop");
        HttpResponse<String> late = post(d, "api/users", "{\"users\": 1}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(field(late, "error")).isEqualTo("the load has ended; nothing left to change");
    }

    @Test
    void bad_control_requests_get_a_status_and_one_line_that_says_what_to_send() throws Exception {
        Dashboard d = started();
        attach(d);
        assertThat(post(d, "api/rate", "{\"rate\": 5}").statusCode()).as("closed model").isEqualTo(409);
        assertThat(field(post(d, "api/users", "{\"users\": -1}"), "error")).contains("whole number from 0");
        assertThat(field(post(d, "api/users", "{\"users\": 2.5}"), "error")).contains("whole number");
        assertThat(field(post(d, "api/users", "{}"), "error")).isEqualTo("give \"users\" as a whole number, like {\"users\": 50}");
        assertThat(field(post(d, "api/users", "{\"users\": 5, \"over\": \"soon\"}"), "error"))
                .isEqualTo("POST /api/users: over: 'soon' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        assertThat(post(d, "api/users", "{\"users\": 5, \"over\": -3}").statusCode()).isEqualTo(400);
        assertThat(post(d, "api/users", "users=5").statusCode()).isEqualTo(400);
        assertThat(post(d, "api/nothing", "{}").statusCode()).isEqualTo(404);
        assertThat(post(d, "api/users", "{\"users\": 5}", "Content-Type", "text/plain").statusCode()).as("a cross-site form").isEqualTo(415);
        assertThat(post(d, "api/stop", "{}", "Content-Type", "application/json", "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(get(d.url().resolve("api/stop")).statusCode()).isEqualTo(405);
        assertThat(load.calls).isEmpty();
    }

    @Test
    void a_request_naming_a_foreign_host_is_refused_on_loopback() throws Exception {
        Dashboard d = started();
        attach(d);
        try (Socket s = new Socket("127.0.0.1", d.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/stop HTTP/1.1\r\nHost: rebind.evil.example\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
        assertThat(load.calls).isEmpty();
    }

    @Test
    void bound_beyond_loopback_control_needs_the_token_and_reading_does_not() throws Exception {
        Dashboard d = start(new DashboardConfig(freePort(), true, "0.0.0.0", Optional.of("t0ken-for-tests")));
        attach(d);
        HttpResponse<String> none = post(d, "api/stop", "{}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"loadgen\"");
        assertThat(field(none, "error")).contains("needs its token");
        assertThat(post(d, "api/users", "{\"users\": 1}", "Content-Type", "application/json", "Authorization", "Bearer nope").statusCode())
                .isEqualTo(401);
        assertThat(load.calls).isEmpty();
        assertThat(get(d.url()).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get(d.url().resolve("api/status")).body()).path("tokenRequired").asBoolean()).isTrue();
        assertThat(post(d, "api/users", "{\"users\": 1}", "Content-Type", "application/json", "Authorization", "Bearer t0ken-for-tests")
                .statusCode()).isEqualTo(200);
        assertThat(load.calls).containsExactly("users 1 over 0ms");
    }

    @Test
    void the_stream_replays_the_run_so_far_then_follows_it_to_the_end() throws Exception {
        Dashboard d = started();
        Metrics metrics = new Metrics();
        IntervalCollector collector = new IntervalCollector(metrics, new WsCounters(), Duration.ofSeconds(1), System.nanoTime(), dev.loadgen.time.Clock.SYSTEM, warnings::add);
        collector.add(d.attach(load, Segment.WHOLE, collector.totals(), List.of(), Duration.ofMinutes(1)));
        collector.start();
        Thread.sleep(1300);
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(d.url().resolve("events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        BufferedReader events = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        String line;
        while (names.size() < 4 && (line = events.readLine()) != null) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            }
        }
        assertThat(names).startsWith("interval", "state", "interval", "state");
        load.phase = dev.loadgen.engine.LoadControl.Phase.ENDED;
        collector.finish();
        d.end("{\"stopReason\": \"completed\"}", Path.of("results/x"));
        String data = null;
        while ((line = events.readLine()) != null) {
            if (line.equals("event: end")) {
                data = events.readLine();
            }
        }
        assertThat(data).as("the end event, then the stream closes").isNotNull();
        JsonNode end = JSON.readTree(data.substring("data: ".length()));
        assertThat(end.path("summary").path("stopReason").asText()).isEqualTo("completed");
        assertThat(end.path("results").asText()).isEqualTo("results/x");
        assertThat(end.path("state").path("control").path("phase").asText()).isEqualTo("ended");
    }

    @Test
    void closing_does_not_wait_for_pages_left_open() throws Exception {
        Dashboard d = Dashboard.start(new DashboardConfig(freePort(), true, "127.0.0.1", Optional.empty()));
        attach(d);
        HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(d.url().resolve("events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        d.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        r.body().close();
    }

    @Test
    void the_default_port_gives_way_when_taken_but_a_port_asked_for_does_not() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Dashboard d = start(new DashboardConfig(port, false, "127.0.0.1", Optional.empty()));
            assertThat(d.port()).isNotEqualTo(port).isPositive();
            assertThatThrownBy(() -> start(new DashboardConfig(port, true, "127.0.0.1", Optional.empty())))
                    .isInstanceOf(Dashboard.PortTaken.class)
                    .hasMessageStartingWith("dashboard: cannot listen on 127.0.0.1:" + port + " (")
                    .hasMessageEndingWith("); choose another port with --dashboard-port, or 0 to turn the dashboard off");
        }
    }
}
