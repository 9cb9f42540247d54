package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.shared.ServedCount;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.io.InputStream;
import java.io.OutputStream;
import dev.loadgen.demo.shared.Json;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every service shares: health, metrics, 404/405/413, served counts. */
class PlumbingTest {
    static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void every_service_reports_health_with_its_name() {
        for (RunningService s : demo.services()) {
            Resp r = Http.get(s.url(), "/health");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("up");
            assertThat(r.json().get("service").asText()).isEqualTo(s.name().label());
        }
    }

    @Test
    void each_service_exposes_only_its_own_request_series_by_route_template() {
        User u = Users.create(demo, "met");
        String id = Http.post(demo.postsUrl(), "/posts", obj("body", "m"), u.bearer()).json().get("id").asText();
        Http.get(demo.postsUrl(), "/posts/" + id);
        Http.get(demo.postsUrl(), "/posts/" + id);
        Http.get(demo.postsUrl(), "/no/such/path");
        String posts = Http.get(demo.postsUrl(), "/metrics").body();
        assertThat(posts).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/posts/{id}\",status=\"200\"} 2");
        assertThat(posts).contains("route=\"unmatched\",status=\"404\"");
        assertThat(posts).doesNotContain(id).doesNotContain("/auth/");
        assertThat(posts).contains("jvm_memory_used_bytes");
        String auth = Http.get(demo.authUrl(), "/metrics").body();
        assertThat(auth).contains("route=\"/auth/register\"").doesNotContain("route=\"/posts");
        assertThat(Http.get(demo.usersUrl(), "/metrics").header("content-type")).startsWith("text/plain");
    }

    @Test
    void served_counts_match_the_requests_sent() {
        RunningService users = demo.service(ServiceName.USERS);
        long before = users.served("GET", "/users/{id}", 404);
        for (int i = 0; i < 7; i++) {
            Http.get(demo.usersUrl(), "/users/u-missing-" + i);
        }
        assertThat(users.served("GET", "/users/{id}", 404)).isEqualTo(before + 7);
        assertThat(users.served()).contains(new ServedCount("GET", "/users/{id}", 404, before + 7));
    }

    @Test
    void an_unknown_path_is_404_and_a_wrong_method_405_with_allow() {
        Resp nf = Http.get(demo.postsUrl(), "/nothing-here");
        assertThat(nf.status()).isEqualTo(404);
        assertThat(nf.error()).isNotBlank();
        Resp wm = Http.send("PATCH", demo.postsUrl(), "/posts/p1", obj("body", "x"));
        assertThat(wm.status()).isEqualTo(405);
        assertThat(wm.header("allow")).isEqualTo("DELETE, GET, PUT");
        assertThat(Http.send("DELETE", demo.authUrl(), "/auth/login", null).header("allow")).isEqualTo("POST");
    }

    @Test
    void a_body_over_64_KiB_is_413_and_one_at_the_limit_is_read() {
        User u = Users.create(demo, "big");
        String pad = "x".repeat(64 * 1024);
        Resp big = Http.post(demo.postsUrl(), "/posts", "{\"body\":\"a\",\"pad\":\"" + pad + "\"}", u.bearer());
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.error()).startsWith("body:");
        String fits = "{\"body\":\"a\",\"p\":\"" + "x".repeat(64 * 1024 - 20) + "\"}";
        assertThat(fits.length()).isLessThanOrEqualTo(64 * 1024);
        assertThat(Http.post(demo.postsUrl(), "/posts", fits, u.bearer()).status()).isEqualTo(201);
    }

    @Test
    void a_chunked_body_over_the_limit_is_refused_while_it_is_read() throws Exception {
        try (Socket s = new Socket(demo.authUrl().getHost(), demo.authUrl().getPort())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /auth/register HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                out.write(chunk);
            }
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void a_malformed_or_ambiguous_path_is_a_400_in_the_documented_json_shape_not_jettys_html_page() throws Exception {
        for (String path : new String[] {"/posts/../../etc/passwd", "/posts/%2e%2e/x", "/posts//x", "/posts/a%2fb", "/posts/%zz", "/%00"}) {
            try (Socket s = new Socket(demo.postsUrl().getHost(), demo.postsUrl().getPort())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(path).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/json");
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertThat(Json.MAPPER.readTree(body).path("error").asText()).as(path).isNotBlank();
            }
        }
    }

    @Test
    void malformed_json_is_400_and_never_500() {
        User u = Users.create(demo, "mal");
        for (String body : new String[] {"", "{", "null", "\"str\"", "{\"body\":1}", "{\"body\":\"a\"} trailing",
                "[".repeat(100) + "]".repeat(100)}) {
            Resp r = Http.post(demo.postsUrl(), "/posts", body, u.bearer());
            assertThat(r.status()).as(body).isEqualTo(400);
        }
        assertThat(demo.service(ServiceName.POSTS).served().stream().filter(c -> c.status() == 500)).isEmpty();
    }
}
