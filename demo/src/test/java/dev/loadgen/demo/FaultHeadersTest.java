package dev.loadgen.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.shared.FaultHeaders;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.TestDemo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Envoy fault headers: delay, abort, both, bad values ignored and counted, and off. */
class FaultHeadersTest {
    static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static long millis(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1_000_000;
    }

    @Test
    void a_delay_header_delays_the_answer_by_that_much() {
        Http.get(demo.postsUrl(), "/posts");
        long plain = millis(() -> Http.get(demo.postsUrl(), "/posts"));
        long[] status = new long[1];
        long delayed = millis(() -> status[0] = Http.get(demo.postsUrl(), "/posts", FaultHeaders.DELAY, "400").status());
        assertThat(status[0]).isEqualTo(200);
        assertThat(delayed).isBetween(400L, 400L + 1_000L);
        assertThat(delayed - plain).isGreaterThanOrEqualTo(350L);
    }

    @Test
    void an_abort_header_answers_that_status_with_a_json_error() {
        Resp r = Http.get(demo.usersUrl(), "/users?q=a", FaultHeaders.ABORT, "503");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).isEqualTo("fault injected");
        assertThat(Http.get(demo.usersUrl(), "/users?q=a", FaultHeaders.ABORT, "418").status()).isEqualTo(418);
        assertThat(demo.service(ServiceName.USERS).served("GET", "/users", 503)).isEqualTo(1);
    }

    @Test
    void delay_and_abort_together_delay_then_abort() {
        int[] status = new int[1];
        long took = millis(() -> status[0] = Http.get(demo.chatUrl(), "/chat/rooms",
                FaultHeaders.DELAY, "200", FaultHeaders.ABORT, "500").status());
        assertThat(status[0]).isEqualTo(500);
        assertThat(took).isGreaterThanOrEqualTo(200L);
    }

    @Test
    void bad_values_are_ignored_and_counted_per_header() {
        RunningService auth = demo.service(ServiceName.AUTH);
        long delayBefore = auth.faultHeadersIgnored(FaultHeaders.DELAY);
        long abortBefore = auth.faultHeadersIgnored(FaultHeaders.ABORT);
        String[][] bad = {{FaultHeaders.ABORT, "700"}, {FaultHeaders.ABORT, "199"}, {FaultHeaders.ABORT, "abc"},
            {FaultHeaders.DELAY, "-5"}, {FaultHeaders.DELAY, "30001"}, {FaultHeaders.DELAY, "soon"}};
        for (String[] h : bad) {
            assertThat(Http.get(demo.authUrl(), "/auth/me", h[0], h[1]).status()).as(h[1]).isEqualTo(401);
        }
        assertThat(auth.faultHeadersIgnored(FaultHeaders.ABORT)).isEqualTo(abortBefore + 3);
        assertThat(auth.faultHeadersIgnored(FaultHeaders.DELAY)).isEqualTo(delayBefore + 3);
        assertThat(auth.metricsText()).contains(
                "demo_fault_headers_ignored_total{header=\"x-envoy-fault-abort-request\"} " + (abortBefore + 3));
    }

    @Test
    void health_and_metrics_ignore_fault_headers() {
        assertThat(Http.get(demo.postsUrl(), "/health", FaultHeaders.ABORT, "500").status()).isEqualTo(200);
        assertThat(Http.get(demo.postsUrl(), "/metrics", FaultHeaders.ABORT, "500").status()).isEqualTo(200);
    }

    @Test
    void with_fault_headers_off_they_do_nothing() throws Exception {
        try (RunningDemo off = Demo.start(TestDemo.settings().withFaultHeaders(false))) {
            assertThat(Http.get(off.postsUrl(), "/posts", FaultHeaders.ABORT, "503").status()).isEqualTo(200);
            long took = millis(() -> Http.get(off.postsUrl(), "/posts", FaultHeaders.DELAY, "2000"));
            assertThat(took).isLessThan(1_500L);
        }
    }
}
