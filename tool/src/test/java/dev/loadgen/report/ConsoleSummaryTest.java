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
    void a_path_that_delivered_nothing_shows_a_dash_not_zero() {
        WsCounters ws = new WsCounters();
        ws.opened();
        ws.echoDelivered(4_000_000);
        String text = print(summaryOf(ws));
        assertThat(text).contains("messages: echo p50 4.0ms p95 4.0ms, peer p50 - p95 -;");
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
