package dev.loadgen.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.shared.ServiceTracing;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server spans continue the caller's traceparent, and cross-service calls join the same trace. */
class TracingTest {
    static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    static RunningDemo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings().withSpanExporter(spans));
    }

    @AfterAll
    static void stop() {
        demo.close();
        spans.shutdown();
    }

    static List<SpanData> trace(String traceId) {
        demo.flushTraces();
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    static SpanData only(List<SpanData> spans, String service, SpanKind kind) {
        List<SpanData> found = spans.stream()
                .filter(s -> service.equals(s.getResource().getAttribute(AttributeKey.stringKey("service.name"))))
                .filter(s -> s.getKind() == kind).toList();
        assertThat(found).as(service + " " + kind).hasSize(1);
        return found.get(0);
    }

    @Test
    void a_feed_request_with_a_traceparent_makes_one_trace_across_posts_and_users() {
        User u = Users.create(demo, "trace");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        int status = Http.get(demo.postsUrl(), "/feed", "Authorization", "Bearer " + u.accessToken(),
                "traceparent", "00-" + traceId + "-" + callerSpan + "-01").status();
        assertThat(status).isEqualTo(200);

        List<SpanData> t = trace(traceId);
        SpanData postsServer = only(t, "posts", SpanKind.SERVER);
        SpanData postsClient = only(t, "posts", SpanKind.CLIENT);
        SpanData usersServer = only(t, "users", SpanKind.SERVER);
        assertThat(t).hasSize(3);

        assertThat(postsServer.getName()).isEqualTo("GET /feed");
        assertThat(postsServer.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(postsServer.getAttributes().get(ServiceTracing.ROUTE)).isEqualTo("/feed");
        assertThat(postsServer.getAttributes().get(ServiceTracing.METHOD)).isEqualTo("GET");
        assertThat(postsServer.getAttributes().get(ServiceTracing.URL_PATH)).isEqualTo("/feed");
        assertThat(postsServer.getAttributes().get(ServiceTracing.STATUS)).isEqualTo(200L);

        assertThat(postsClient.getName()).isEqualTo("GET /users/{id}/following");
        assertThat(postsClient.getParentSpanId()).isEqualTo(postsServer.getSpanId());

        assertThat(usersServer.getName()).isEqualTo("GET /users/{id}/following");
        assertThat(usersServer.getParentSpanId()).isEqualTo(postsClient.getSpanId());
        assertThat(usersServer.getAttributes().get(ServiceTracing.URL_PATH)).isEqualTo("/users/" + u.id() + "/following");
    }

    @Test
    void a_request_without_a_traceparent_starts_a_new_trace_and_register_spans_auth_and_users() {
        String name = Users.uniqueName("tr");
        Http.post(demo.authUrl(), "/auth/register",
                Http.obj("username", name, "password", "password1", "email", "t@e.co"));
        demo.flushTraces();
        SpanData register = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("POST /auth/register") && s.getKind() == SpanKind.SERVER)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(register.getParentSpanContext().isValid()).isFalse();
        List<SpanData> t = trace(register.getTraceId());
        SpanData profile = only(t, "users", SpanKind.SERVER);
        assertThat(profile.getName()).isEqualTo("PUT /internal/users/{id}");
        assertThat(profile.getAttributes().get(ServiceTracing.STATUS)).isEqualTo(201L);
    }
}
