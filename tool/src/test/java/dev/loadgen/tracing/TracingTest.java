package dev.loadgen.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.TracingConfig;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TracingTest {
    private static final URI POSTS = URI.create("http://127.0.0.1:8083/posts/42?token=secret");

    private static TracingConfig config(double ratio) {
        return new TracingConfig(true, TracingConfig.DEFAULT_HTTP, TracingConfig.Protocol.HTTP_PROTOBUF, ratio,
                Map.of("service.name", "loadgen"), Map.of());
    }

    /** An exporter whose exports never finish: a collector that accepted the connection and hangs. */
    private static class Stalled implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return new CompletableResultCode();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Keeps its spans after the tracer shuts it down (the in-memory exporter forgets them then). */
    private static SpanExporter kept(InMemorySpanExporter spans) {
        return new Stalled() {
            @Override
            public CompletableResultCode export(Collection<SpanData> s) {
                return spans.export(s);
            }
        };
    }

    /** The W3C trace flags' lowest bit (other bits, such as "random trace id", may be set too). */
    private static boolean sampledFlag(String traceparent) {
        return (Integer.parseInt(traceparent.substring(traceparent.lastIndexOf('-') + 1), 16) & 1) == 1;
    }

    @Test
    void with_tracing_off_every_span_is_a_shared_no_op_without_headers() {
        Tracing off = Tracing.off();
        assertThat(off.enabled()).isFalse();
        assertThat(off.action("posts.feed", "default", "1-1", 1)).isSameAs(ActionSpan.NONE);
        ClientSpan c = off.client("GET /posts/{id}", "GET", "/posts/{id}", POSTS);
        assertThat(c).isSameAs(ClientSpan.NONE);
        assertThat(c.headers()).isEmpty();
        assertThat(c.traceId()).isEmpty();
        assertThat(off.dropped()).isEmpty();
    }

    @Test
    void requests_carry_traceparent_and_the_synthetic_baggage_of_their_action() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        Tracing tracing = Tracing.start(config(1.0), kept(spans), "0.1.0", w -> {});
        ClientSpan c;
        try (ActionSpan a = tracing.action("posts.read", "lurker", "7-2", 7)) {
            c = tracing.client("GET /posts/{id}", "GET", "/posts/{id}", POSTS);
            c.end(404, "http_error", true);
        }
        List<String> h = Arrays.asList(c.headers());
        String traceparent = h.get(h.indexOf("traceparent") + 1);
        assertThat(traceparent).startsWith("00-" + c.traceId() + "-" + c.spanId() + "-");
        assertThat(sampledFlag(traceparent)).isTrue();
        assertThat(h.get(h.indexOf("baggage") + 1).split(",")).containsExactlyInAnyOrder("synthetic_request=true", "session.id=7-2", "persona=lurker");
        tracing.close(5);
        SpanData client = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("GET /posts/{id}")).findFirst().orElseThrow();
        SpanData action = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("posts.read")).findFirst().orElseThrow();
        assertThat(client.getParentSpanId()).isEqualTo(action.getSpanId());
        assertThat(client.getAttributes().asMap().toString()).contains("url.template=/posts/{id}", "server.address=127.0.0.1",
                "http.response.status_code=404", "error.type=404").doesNotContain("secret", "/posts/42");
        assertThat(client.getResource().getAttributes().asMap().toString()).contains("service.name=loadgen", "service.version=0.1.0");
    }

    @Test
    void unsampled_actions_propagate_the_decision_and_leave_no_exemplar_id() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        Tracing tracing = Tracing.start(config(0.0), kept(spans), "0.1.0", w -> {});
        try (ActionSpan a = tracing.action("posts.feed", "default", "1-1", 1)) {
            ClientSpan c = tracing.client("GET /feed", "GET", "/feed", POSTS);
            c.end(200, "ok", false);
            assertThat(c.traceId()).isEmpty();
            List<String> h = Arrays.asList(c.headers());
            assertThat(sampledFlag(h.get(h.indexOf("traceparent") + 1))).isFalse();
        }
        tracing.close(5);
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void a_stalled_collector_never_blocks_a_user_and_every_span_past_the_queue_is_counted() {
        Tracing tracing = Tracing.start(config(1.0), new Stalled(), "0.1.0", w -> {});
        int extra = 3_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < ExportGuard.QUEUE + extra; i++) {
            tracing.client("GET /feed", "GET", "/feed", POSTS).end(200, "ok", false);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ending spans never waits for the collector").isLessThan(5_000);
        assertThat(tracing.dropped()).containsEntry("queue_full", (long) extra).containsEntry("export_failed", 0L);
        tracing.close(0);
    }

    @Test
    void failed_exports_are_counted_and_warned_about_once() {
        List<String> warnings = new ArrayList<>();
        SpanExporter refusing = new Stalled() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return CompletableResultCode.ofExceptionalFailure(new java.net.ConnectException("Connection refused"));
            }
        };
        Tracing tracing = Tracing.start(config(1.0), refusing, "0.1.0", warnings::add);
        for (int i = 0; i < 1_200; i++) {
            tracing.client("GET /feed", "GET", "/feed", POSTS).end(200, "ok", false);
        }
        tracing.close(5);
        assertThat(tracing.dropped()).containsEntry("export_failed", 1_200L).containsEntry("queue_full", 0L);
        assertThat(tracing.exported()).isZero();
        assertThat(warnings).containsExactly("cannot export spans to http://localhost:4318/v1/traces (Connection refused); "
                + "spans are dropped and counted in loadgen_spans_dropped_total, and the run goes on");
    }
}
