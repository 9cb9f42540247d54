package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {
    @Test
    void websocket_line_gives_delivery_percentiles_when_messages_were_matched() {
        String text = print(SummaryJsonTest.fixture());
        assertThat(text).contains("websocket: 1 connections, 1 frames sent, 1 received; messages: echo p50 3.0ms")
                .contains("1 deliveries lost (25.00%)");
    }

    @Test
    void websocket_line_says_so_when_chatters_only_joined_rooms() {
        WsCounters ws = new WsCounters();
        ws.opened();
        ws.sent("join");
        ws.received("joined");
        String text = print(summaryOf(ws));
        assertThat(text).contains("websocket: 1 connections, 1 frames sent, 1 received; no chat messages delivered")
                .doesNotContain("echo p50");
    }

    @Test
    void reconnects_are_told_with_how_long_broken_sockets_took_to_come_back_in_the_console_and_summary_json() throws Exception {
        WsCounters ws = new WsCounters();
        ws.opened();
        ws.sent("join");
        ws.received("joined");
        for (long seconds : new long[] {1, 2, 2, 20}) {
            ws.reconnectAttempt();
            ws.reconnected(seconds * 1_000_000_000L);
        }
        ws.reconnectAttempt();
        Summary s = summaryOf(ws);
        // the percentiles are HdrHistogram's, to three significant digits: 2 s is 2001ms
        assertThat(print(s)).contains("no chat messages delivered; reconnects: 4 of 5 attempts, back after p50 2001ms p95 20.0s");
        com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(SummaryJson.render(s))
                .path("ws").path("reconnects");
        assertThat(r.path("attempts").asLong()).isEqualTo(5);
        assertThat(r.path("succeeded").asLong()).isEqualTo(4);
        assertThat(r.path("timeMs").path("p50").asDouble()).isCloseTo(2000, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void a_path_that_delivered_nothing_shows_a_dash_not_zero() {
        WsCounters ws = new WsCounters();
        ws.opened();
        ws.echoDelivered(4_000_000);
        String text = print(summaryOf(ws));
        assertThat(text).contains("messages: echo p50 4.0ms p95 4.0ms, peer p50 - p95 -;");
    }

    @Test
    void the_generators_own_lag_is_told_and_warned_about_over_five_milliseconds() {
        String ms = "ms";
        // the fixture's tenth requests were sent 2 ms after their intended start: lag p99 2 ms, no warning
        assertThat(print(SummaryJsonTest.fixture())).contains("generator lag (intended start to send): p50 0.0" + ms + ", p99 2.0" + ms
                + ", max 2.0" + ms + "\n").doesNotContain("sent requests late");
        Metrics late = new Metrics();
        dev.loadgen.metrics.EndpointMeter e = late.endpoint("http", "GET /", "GET");
        for (int i = 0; i < 100; i++) {
            // every request 8 ms late (a starved generator), then 1 ms in the target
            late.record(new dev.loadgen.metrics.RequestSample(e, 200, dev.loadgen.metrics.Outcome.OK, 0, 8_000_000, 9_000_000));
        }
        assertThat(print(RecordedRuns.summary(late, new WsCounters(), List.of())))
                .contains("generator lag (intended start to send): p50 8.0ms, p99 8.0ms, max 8.0ms")
                .contains("warning: loadgen itself sent requests late (lag p99 8.0ms, over 5.0ms), and every latency above includes its delay");
    }

    @Test
    void the_top_error_texts_are_listed_most_frequent_first_with_their_endpoint() {
        Metrics m = new Metrics();
        dev.loadgen.metrics.EndpointMeter feed = m.endpoint("posts", "GET /feed", "GET");
        dev.loadgen.metrics.EndpointMeter login = m.endpoint("auth", "POST /login", "POST");
        String[] texts = {"connection refused", "HTTP 503: overloaded", "connection reset", "HTTP 500: a", "HTTP 500: b", "HTTP 500: c"};
        for (int t = 0; t < texts.length; t++) {
            for (int i = 0; i <= 10 - t; i++) {
                m.record(new dev.loadgen.metrics.RequestSample(feed, 0, dev.loadgen.metrics.Outcome.RESET, 0, 0, 1_000_000), texts[t]);
            }
        }
        for (int i = 0; i < 20; i++) {
            m.record(new dev.loadgen.metrics.RequestSample(login, 0, dev.loadgen.metrics.Outcome.CONNECT_ERROR, 0, 0, 1_000_000), "too many open files");
        }
        String text = print(RecordedRuns.summary(m, new WsCounters(), List.of()));
        assertThat(text).contains("top errors (5 of 7 texts; all in summary.json):\n"
                + "        20  auth POST /login: too many open files\n"
                + "        11  posts GET /feed: connection refused\n"
                + "        10  posts GET /feed: HTTP 503: overloaded\n"
                + "         9  posts GET /feed: connection reset\n"
                + "         8  posts GET /feed: HTTP 500: a\n");
        assertThat(print(SummaryJsonTest.fixture())).doesNotContain("top errors");
    }

    /** A ten-second run of one user whose only traffic is what {@code ws} counted. */
    private static Summary summaryOf(WsCounters ws) {
        return RecordedRuns.summary(new Metrics(), ws, List.of());
    }

    private static String print(Summary s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSummary.print(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
