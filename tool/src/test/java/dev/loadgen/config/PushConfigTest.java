package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code observe.push}: remote write when a URL is set, OTLP metrics from the config or the OTEL_* variables. */
class PushConfigTest {
    private static PushConfig load(List<String> sets, Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), sets, List.of(), env::get, () -> 1L).observe().push();
    }

    private static PushConfig flag(String key, String value, String flag) {
        return ConfigLoader.load(Optional.empty(), List.of(), List.of(ConfigLoader.FlagValue.of(key, value, flag)), Map.<String, String>of()::get,
                () -> 1L).observe().push();
    }

    @Test
    void nothing_is_pushed_by_default_and_the_interval_is_five_seconds() {
        PushConfig p = load(List.of(), Map.of());
        assertThat(p.enabled()).isFalse();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void a_remote_write_url_turns_remote_write_on_with_its_labels_and_headers() {
        PushConfig p = load(List.of("observe.push.remote-write.url=http://127.0.0.1:9090/api/v1/write", "observe.push.interval=10s",
                "observe.push.remote-write.labels={instance: ci-7, testid: nightly}", "observe.push.remote-write.headers={Authorization: Bearer t0k}"),
                Map.of());
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(10));
        PushConfig.RemoteWrite rw = p.remoteWrite().orElseThrow();
        assertThat(rw.url()).isEqualTo(URI.create("http://127.0.0.1:9090/api/v1/write"));
        assertThat(rw.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("instance", "ci-7", "testid", "nightly"));
        assertThat(rw.headers()).containsEntry("Authorization", "Bearer t0k");
        assertThat(rw.toString()).doesNotContain("t0k").contains("Authorization");
        assertThat(p.otlp()).isEmpty();
    }

    @Test
    void one_label_can_be_set_alone() {
        assertThat(load(List.of("observe.push.remote-write.url=http://p:9090/api/v1/write", "observe.push.remote-write.labels.pipeline=4711"),
                Map.of()).remoteWrite().orElseThrow().labels()).containsExactlyEntriesOf(Map.of("pipeline", "4711"));
    }

    @Test
    void the_remote_write_flag_sets_the_url() {
        assertThat(flag("observe.push.remote-write.url", "http://prom:9090/api/v1/write", "--remote-write").remoteWrite().orElseThrow().url())
                .isEqualTo(URI.create("http://prom:9090/api/v1/write"));
    }

    @Test
    void the_shared_otlp_endpoint_alone_turns_tracing_on_but_not_the_metrics_push() {
        ObservabilityConfig o = ConfigLoader.load(Optional.empty(), List.of(), List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")::get,
                () -> 1L).observe();
        assertThat(o.tracing().enabled()).isTrue();
        assertThat(o.push().otlp()).isEmpty();
    }

    @Test
    void otlp_metrics_are_on_with_a_metrics_endpoint_or_the_otlp_exporter_and_take_the_tracing_resource() {
        PushConfig.Otlp a = load(List.of(), Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318/custom", "OTEL_SERVICE_NAME", "lg"))
                .otlp().orElseThrow();
        assertThat(a.endpoint()).isEqualTo(URI.create("http://c:4318/custom"));
        assertThat(a.resource()).containsEntry("service.name", "lg");
        PushConfig.Otlp b = load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/", "OTEL_METRICS_EXPORTER", "otlp,prometheus",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr3t")).otlp().orElseThrow();
        assertThat(b.endpoint()).isEqualTo(URI.create("http://c:4318/v1/metrics"));
        assertThat(b.protocol()).isEqualTo(TracingConfig.Protocol.HTTP_PROTOBUF);
        assertThat(b.toString()).doesNotContain("s3cr3t");
        PushConfig.Otlp c = load(List.of("observe.push.otlp.endpoint=http://mine:4317", "observe.push.otlp.protocol=grpc"), Map.of())
                .otlp().orElseThrow();
        assertThat(c.endpoint()).isEqualTo(URI.create("http://mine:4317"));
        assertThat(c.protocol()).isEqualTo(TracingConfig.Protocol.GRPC);
        assertThat(load(List.of("observe.push.otlp.enabled=true"), Map.of()).otlp().orElseThrow().endpoint())
                .isEqualTo(URI.create("http://localhost:4318/v1/metrics"));
    }

    @Test
    void the_standard_switches_and_the_config_turn_otlp_metrics_off() {
        Map<String, String> on = Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318/v1/metrics");
        assertThat(load(List.of("observe.push.otlp.enabled=false"), on).otlp()).isEmpty();
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318", "OTEL_METRICS_EXPORTER", "none")).otlp()).isEmpty();
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true")).otlp()).isEmpty();
        assertThat(load(List.of("observe.push.otlp.enabled=true"), Map.of("OTEL_METRICS_EXPORTER", "none")).otlp()).isPresent();
    }

    @Test
    void bad_values_are_one_line_naming_the_key_and_the_fix() {
        assertThatThrownBy(() -> load(List.of("observe.push.remote-write.url=prom:9090/api/v1/write"), Map.of()))
                .hasMessage("--set observe.push.remote-write.url=prom:9090/api/v1/write: observe.push.remote-write.url: "
                        + "'prom:9090/api/v1/write' is not an http(s) URL; write it like http://127.0.0.1:9090/api/v1/write");
        assertThatThrownBy(() -> flag("observe.push.remote-write.url", "ftp://x/", "--remote-write"))
                .hasMessageStartingWith("--remote-write: observe.push.remote-write.url: 'ftp://x/' is not an http(s) URL");
        assertThatThrownBy(() -> load(List.of("observe.push.interval=500ms"), Map.of()))
                .hasMessage("--set observe.push.interval=500ms: observe.push.interval must be at least 1s (a push per second at most), got 500ms");
        assertThatThrownBy(() -> load(List.of("observe.push.remote-write.url=http://p:9090/api/v1/write",
                "observe.push.remote-write.labels={__name__: x}"), Map.of()))
                .hasMessageContaining("observe.push.remote-write.labels.__name__: '__name__' is not a label name");
        assertThatThrownBy(() -> load(List.of("observe.push.remote-write.labels={job: x}"), Map.of()))
                .hasMessageContaining("need observe.push.remote-write.url (--remote-write URL)");
        assertThatThrownBy(() -> load(List.of("observe.push.otlp.enabled=maybe"), Map.of()))
                .hasMessageContaining("observe.push.otlp.enabled must be auto, true or false");
        assertThatThrownBy(() -> load(List.of("observe.push.remote-writ.url=http://p/"), Map.of()))
                .hasMessageContaining("unknown key 'observe.push.remote-writ' (did you mean 'observe.push.remote-write'?)");
        assertThatThrownBy(() -> load(List.of("observe.push.otlp.protocol=grpc", "observe.push.otlp.endpoint=https://c:4317"), Map.of()))
                .hasMessageContaining("grpc over TLS (https://c:4317) is not supported");
    }
}
