package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracing end to end: loadgen runs against the demo in this process with both sides exporting into memory.
 * loadgen's client spans must be the parents of the services' server spans (the {@code traceparent} went
 * out and was continued), a feed request must be one trace across loadgen, posts and users, and no span
 * may carry a token or a password.
 */
class TraceCorrelationIT {
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    @TempDir
    Path dir;

    /** The run's tracing shuts its exporter down at the end; the in-memory one would then forget its spans. */
    private record Kept(InMemorySpanExporter spans) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> s) {
            return spans.export(s);
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

    private static SpanData child(List<SpanData> spans, SpanData parent, SpanKind kind) {
        return spans.stream().filter(s -> s.getKind() == kind && s.getParentSpanId().equals(parent.getSpanId())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " child of " + parent.getName()));
    }

    @Test
    void client_spans_are_the_parents_of_the_services_server_spans_and_a_feed_is_one_trace() throws Exception {
        InMemorySpanExporter demoSpans = InMemorySpanExporter.create();
        InMemorySpanExporter loadgenSpans = InMemorySpanExporter.create();
        try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0).withPasswordIterations(1000).withSpanExporter(new Kept(demoSpans)))) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, """
                    target: {auth: %s, users: %s, posts: %s, chat: %s}
                    load: {users: 6, ramp: 20/s, duration: 5s, graceful-stop: 10s}
                    users:
                      think: 30ms
                      session: {actions: 10, gap: 50ms}
                      actions:
                        posts: {feed: 4, read: 1, create: 2, like: 1}
                        users: {view: 1, follow: 1}
                        chat: {talk: 2}
                    observe: {metrics-port: 0, tracing: {enabled: true}}
                    seed: 7
                    """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), demo.chatUrl()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            RunRequest request = new RunRequest(Optional.of(config), List.of(), List.of(
                    ConfigLoader.FlagValue.of("output.dir", dir.resolve("results").toString(), "--out"),
                    ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet")), false);
            int code = new Runner(request, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), new Runner.Seams(c -> new Kept(loadgenSpans), m -> {})).run();
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        }
        List<SpanData> mine = loadgenSpans.getFinishedSpanItems();
        List<SpanData> theirs = demoSpans.getFinishedSpanItems();

        List<SpanData> clients = mine.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        assertThat(clients).hasSizeGreaterThan(100);
        Set<String> serverParents = theirs.stream().filter(s -> s.getKind() == SpanKind.SERVER)
                .map(s -> s.getTraceId() + "/" + s.getParentSpanId()).collect(Collectors.toSet());
        long joined = clients.stream().filter(c -> serverParents.contains(c.getTraceId() + "/" + c.getSpanId())).count();
        System.out.printf("trace correlation: %d of %d client spans (%.1f%%) have a server span as child%n",
                joined, clients.size(), 100.0 * joined / clients.size());
        assertThat((double) joined / clients.size()).as("%d of %d client spans have a server span as child", joined, clients.size())
                .isGreaterThanOrEqualTo(0.95);

        // one /feed request: loadgen's action and client span, posts' server span, its call to users, users' server span
        SpanData feed = clients.stream().filter(s -> s.getName().equals("GET /feed")).findFirst().orElseThrow();
        Map<String, List<SpanData>> trace = java.util.stream.Stream.concat(mine.stream(), theirs.stream())
                .filter(s -> s.getTraceId().equals(feed.getTraceId()))
                .collect(Collectors.groupingBy(s -> s.getResource().getAttribute(SERVICE)));
        assertThat(trace).containsKeys("loadgen", "posts", "users");
        SpanData action = trace.get("loadgen").stream().filter(s -> s.getSpanId().equals(feed.getParentSpanId())).findFirst().orElseThrow();
        assertThat(action.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(action.getName()).startsWith("posts.");
        assertThat(action.getParentSpanContext().isValid()).as("an action is the root of its trace").isFalse();
        SpanData postsServer = child(trace.get("posts"), feed, SpanKind.SERVER);
        assertThat(postsServer.getName()).isEqualTo("GET /feed");
        SpanData postsClient = child(trace.get("posts"), postsServer, SpanKind.CLIENT);
        assertThat(child(trace.get("users"), postsClient, SpanKind.SERVER).getName()).isEqualTo("GET /users/{id}/following");
        assertThat(feed.getAttributes().get(AttributeKey.stringKey("url.template"))).isEqualTo("/feed");
        assertThat(feed.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(feed.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
        assertThat(action.getAttributes().get(AttributeKey.stringKey("session.id"))).matches("\\d+-\\d+");

        // the chat socket: a traced handshake continued by chat, and frames as producer and consumer spans
        assertThat(clients.stream().filter(s -> s.getName().equals("WS /chat/ws"))
                .anyMatch(c -> serverParents.contains(c.getTraceId() + "/" + c.getSpanId()))).isTrue();
        assertThat(mine).anyMatch(s -> s.getKind() == SpanKind.PRODUCER && s.getName().equals("send message"));
        assertThat(mine).anyMatch(s -> s.getKind() == SpanKind.CONSUMER && s.getName().equals("receive message") && !s.getLinks().isEmpty());

        // DESIGN.md §9: no token, password or body in any attribute of loadgen's spans
        for (SpanData s : mine) {
            s.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).as("%s on %s", k, s.getName())
                    .doesNotContain("Bearer").doesNotStartWith("eyJ").doesNotContain("password").doesNotContain("?"));
        }
    }
}
