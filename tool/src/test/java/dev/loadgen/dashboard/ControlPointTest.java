package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.config.DashboardConfig;
import dev.loadgen.config.Segment;
import dev.loadgen.metrics.IntervalCollector;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.time.Clock;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A control point over three real dashboards (each a segment of one run, on a fake engine) on real sockets: what
 * it shows of them, what it sends them, and how it answers when one cannot be reached.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ControlPointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "t0ken-for-tests";

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<FakeLoad> loads = new ArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        assertThat(warnings).isEmpty();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Three dashboards, segments 0/3, 1/3 and 2/3, each streaming its fake engine's state every second. */
    private List<URI> instances(Optional<String> token) throws Exception {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Dashboard d = Dashboard.start(new DashboardConfig(freePort(), true, "127.0.0.1", token));
            open.add(d);
            FakeLoad load = new FakeLoad();
            load.target = 30;
            loads.add(load);
            IntervalCollector collector = new IntervalCollector(new Metrics(), new WsCounters(), Duration.ofSeconds(1), System.nanoTime(),
                    Clock.SYSTEM, warnings::add);
            collector.add(d.attach(load, new Segment(i, 3), collector.totals(), List.of(), Duration.ofMinutes(1)));
            collector.start();
            open.add(collector::finish);
            urls.add(URI.create(d.url().toString()));
        }
        return urls;
    }

    private ControlPoint controlPoint(List<URI> urls, Optional<String> token) throws Exception {
        ControlPoint c = ControlPoint.start(new ControlPoint.Settings("127.0.0.1", 0, token, new Discovery.Fixed(urls)));
        open.add(c);
        return c;
    }

    private static HttpResponse<String> post(URI url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode status(ControlPoint c) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(c.url().resolve("api/status")).build(), HttpResponse.BodyHandlers.ofString());
        return StateJson.JSON.readTree(r.body());
    }

    private static JsonNode await(ControlPoint c, String what, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode s = status(c);
        while (!condition.test(s)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10s for " + what + "; the status is " + s);
            }
            Thread.sleep(100);
            s = status(c);
        }
        return s;
    }

    @Test
    void it_sums_the_instances_and_sends_each_the_whole_runs_users_which_it_splits_by_segment() throws Exception {
        List<URI> urls = instances(Optional.empty());
        ControlPoint c = controlPoint(urls, Optional.empty());
        JsonNode s = await(c, "the three instances running", n -> n.path("running").asInt() == 90);
        assertThat(s.path("target").asDouble()).isEqualTo(30);
        assertThat(s.path("phase").asText()).isEqualTo("running");
        assertThat(s.path("instances")).extracting(r -> r.path("segment").asText()).containsExactly("0/3", "1/3", "2/3");
        assertThat(s.path("instances")).extracting(r -> r.path("share").asLong()).containsExactly(10L, 10L, 10L);

        HttpResponse<String> r = post(c.url().resolve("api/users"), "{\"users\": 7, \"over\": \"10s\"}");
        JsonNode answer = StateJson.JSON.readTree(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(answer.path("message").asText()).isEqualTo("target users set to 7 over 10s (3 + 2 + 2 on 3 instances)");
        assertThat(answer.path("instances")).extracting(n -> n.path("status").asInt()).containsExactly(200, 200, 200);
        assertThat(answer.path("instances")).extracting(n -> n.path("sent").path("users").asLong()).containsExactly(7L, 7L, 7L);
        // the instances take the whole run's figure and run their segment's share of it
        loads.forEach(l -> assertThat(l.calls).containsExactly("users 7 over 10000ms"));
        await(c, "the new target", n -> n.path("target").asDouble() == 7);

        HttpResponse<String> stop = post(c.url().resolve("api/stop"), "{}");
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(StateJson.JSON.readTree(stop.body()).path("message").asText())
                .isEqualTo("stopping 3 instances: users finish their current action, then each writes its results");
        loads.forEach(l -> assertThat(l.calls).containsExactly("users 7 over 10000ms", "stop"));
        await(c, "the instances stopping", n -> n.path("phase").asText().equals("stopping"));
    }

    @Test
    void an_instance_out_of_reach_is_shown_and_reported_per_instance_with_502_and_the_others_still_change() throws Exception {
        List<URI> urls = new ArrayList<>(instances(Optional.empty()));
        URI dead = URI.create("http://127.0.0.1:" + freePort() + "/");
        urls.add(dead);
        ControlPoint c = controlPoint(urls, Optional.empty());
        JsonNode s = await(c, "three instances running", n -> n.path("running").asInt() == 90);
        JsonNode row = s.path("instances").get(3);
        assertThat(row.path("url").asText()).isEqualTo(dead.toString());
        assertThat(row.path("reachable").asBoolean()).isFalse();
        assertThat(row.path("phase").asText()).isEqualTo("unreachable");
        assertThat(row.path("problem").asText()).startsWith("cannot connect");

        HttpResponse<String> r = post(c.url().resolve("api/users"), "{\"users\": 60}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        JsonNode answer = StateJson.JSON.readTree(r.body());
        assertThat(answer.path("error").asText()).startsWith("1 of 4 instances did not take it (" + dead + ": its run has not started, so its "
                + "segment is not known (cannot connect").endsWith("; the other 3 did: target users set to 60 (20 + 20 + 20 on 3 instances)");
        assertThat(answer.path("instances")).extracting(n -> n.path("status").asInt()).containsExactly(200, 200, 200, 0);
        loads.forEach(l -> assertThat(l.calls).containsExactly("users 60 over 0ms"));

        HttpResponse<String> stop = post(c.url().resolve("api/stop"), "{}");
        assertThat(stop.statusCode()).isEqualTo(502);
        assertThat(StateJson.JSON.readTree(stop.body()).path("instances").get(3).path("error").asText()).startsWith("cannot connect");
        loads.forEach(l -> assertThat(l.calls).endsWith("stop"));
    }

    @Test
    void with_a_token_the_control_point_needs_it_and_sends_it_to_the_instances() throws Exception {
        List<URI> urls = instances(Optional.of(TOKEN));
        ControlPoint c = controlPoint(urls, Optional.of(TOKEN));
        await(c, "the instances", n -> n.path("running").asInt() == 90);
        assertThat(status(c).path("tokenRequired").asBoolean()).isTrue();
        HttpResponse<String> refused = post(c.url().resolve("api/users"), "{\"users\": 60}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(loads).allSatisfy(l -> assertThat(l.calls).isEmpty());
        HttpResponse<String> r = post(c.url().resolve("api/users"), "{\"users\": 60}", "Authorization", "Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        loads.forEach(l -> assertThat(l.calls).containsExactly("users 60 over 0ms"));
        assertThat(r.body()).doesNotContain(TOKEN);
    }

    @Test
    void a_bad_request_is_refused_here_before_any_instance_is_sent_anything() throws Exception {
        ControlPoint c = controlPoint(instances(Optional.empty()), Optional.empty());
        await(c, "the instances", n -> n.path("running").asInt() == 90);
        HttpResponse<String> r = post(c.url().resolve("api/users"), "{\"users\": -1}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(StateJson.JSON.readTree(r.body()).path("error").asText()).isEqualTo("\"users\" must be a whole number from 0 to 10000000, got -1");
        assertThat(post(c.url().resolve("api/nothing"), "{}").statusCode()).isEqualTo(404);
        // an instance refuses the rate in the closed model: said per instance
        HttpResponse<String> rate = post(c.url().resolve("api/rate"), "{\"rate\": 30}");
        assertThat(rate.statusCode()).isEqualTo(502);
        assertThat(StateJson.JSON.readTree(rate.body()).path("instances").get(0).path("error").asText())
                .isEqualTo("HTTP 409: this run uses the closed model (a number of users): change the users, not the rate");
        assertThat(loads).allSatisfy(l -> assertThat(l.calls).isEmpty());
    }

    @Test
    void settings_that_would_expose_control_or_a_taken_port_are_refused_in_one_line() throws Exception {
        Discovery none = new Discovery.Fixed(List.of(URI.create("http://127.0.0.1:1/")));
        assertThatThrownBy(() -> ControlPoint.start(new ControlPoint.Settings("0.0.0.0", 0, Optional.empty(), none)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--bind 0.0.0.0 is not a loopback address, so anyone who reaches it could change or stop the run: give --token "
                        + "(or LOADGEN_DASHBOARD_TOKEN), or bind to 127.0.0.1");
        assertThatThrownBy(() -> ControlPoint.start(new ControlPoint.Settings("127.0.0.1", 0, Optional.of("short"), none)))
                .hasMessage("the token must be at least 8 characters; use a long random one, e.g. from: openssl rand -hex 16");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> ControlPoint.start(new ControlPoint.Settings("127.0.0.1", port, Optional.empty(), none)))
                    .isInstanceOf(Dashboard.PortTaken.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + " (")
                    .hasMessageEndingWith("); choose another port with --port");
        }
    }
}
