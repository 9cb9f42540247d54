package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code observe:}: the metrics endpoint, and tracing from the config with the OTEL_* variables as fallback. */
class ObserveConfigTest {
    private static ObservabilityConfig load(List<String> sets, Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), sets, List.of(), env::get, () -> 1L).observe();
    }

    @Test
    void by_default_metrics_are_on_9464_with_a_fallback_and_tracing_is_off() {
        ObservabilityConfig o = load(List.of(), Map.of());
        assertThat(o.metrics()).isEqualTo(new ObservabilityConfig.MetricsEndpoint("127.0.0.1", 9464, true));
        assertThat(o.tracing().enabled()).isFalse();
        assertThat(o.tracing().serviceName()).isEqualTo("loadgen");
    }

    @Test
    void an_explicit_port_has_no_fallback_and_zero_turns_the_endpoint_off() {
        assertThat(load(List.of("observe.metrics-port=9500"), Map.of()).metrics())
                .isEqualTo(new ObservabilityConfig.MetricsEndpoint("127.0.0.1", 9500, false));
        assertThat(load(List.of("observe.metrics-port=0"), Map.of()).metrics().enabled()).isFalse();
        assertThat(load(List.of("observe.metrics-port=auto", "observe.metrics-bind=0.0.0.0"), Map.of()).metrics())
                .isEqualTo(new ObservabilityConfig.MetricsEndpoint("0.0.0.0", 9464, true));
    }

    @Test
    void a_bad_port_is_one_line_naming_the_key() {
        assertThatThrownBy(() -> load(List.of("observe.metrics-port=70000"), Map.of()))
                .hasMessage("--set observe.metrics-port=70000: observe.metrics-port must be from 0 to 65535, got 70000");
    }

    @Test
    void the_standard_endpoint_variable_turns_tracing_on_and_gets_the_traces_path() {
        TracingConfig t = load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/")).tracing();
        assertThat(t.enabled()).isTrue();
        assertThat(t.endpoint()).isEqualTo(URI.create("http://collector:4318/v1/traces"));
        assertThat(t.protocol()).isEqualTo(TracingConfig.Protocol.HTTP_PROTOBUF);
    }

    @Test
    void the_signal_specific_endpoint_is_used_as_it_is_and_grpc_keeps_the_base() {
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/custom")).tracing().endpoint())
                .isEqualTo(URI.create("http://c:4318/custom"));
        TracingConfig g = load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")).tracing();
        assertThat(g.protocol()).isEqualTo(TracingConfig.Protocol.GRPC);
        assertThat(g.endpoint()).isEqualTo(URI.create("http://c:4317"));
    }

    @Test
    void the_config_file_wins_over_the_environment() {
        TracingConfig t = load(List.of("observe.tracing.endpoint=http://mine:4318", "observe.tracing.sampling-ratio=0.25",
                        "observe.tracing.resource={deployment.environment: staging, service.name: lg}"),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://theirs:4318", "OTEL_TRACES_SAMPLER", "always_off",
                        "OTEL_RESOURCE_ATTRIBUTES", "team=perf,deployment.environment=prod")).tracing();
        assertThat(t.endpoint()).isEqualTo(URI.create("http://mine:4318/v1/traces"));
        assertThat(t.samplingRatio()).isEqualTo(0.25);
        assertThat(t.resource()).containsEntry("team", "perf").containsEntry("deployment.environment", "staging")
                .containsEntry("service.name", "lg");
    }

    @Test
    void sampler_variables_set_the_ratio_and_the_sdk_switches_turn_auto_off() {
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.1")).tracing().samplingRatio()).isEqualTo(0.1);
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true")).tracing().enabled()).isFalse();
        assertThat(load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "none")).tracing().enabled()).isFalse();
        assertThat(load(List.of("observe.tracing.enabled=true"), Map.of()).tracing().endpoint()).isEqualTo(TracingConfig.DEFAULT_HTTP);
        assertThat(load(List.of("observe.tracing.enabled=false"), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")).tracing().enabled()).isFalse();
    }

    @Test
    void headers_come_from_the_environment_and_are_never_printed() {
        TracingConfig t = load(List.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr%3Dt,x-team=perf")).tracing();
        assertThat(t.headers()).containsEntry("api-key", "s3cr=t");
        assertThat(t.toString()).doesNotContain("s3cr").contains("api-key");
    }

    @Test
    void bad_values_are_one_line_naming_the_variable_or_key() {
        assertThatThrownBy(() -> load(List.of(), Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")))
                .hasMessage("environment variable OTEL_EXPORTER_OTLP_PROTOCOL: OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or grpc, got 'http/json'");
        assertThatThrownBy(() -> load(List.of("observe.tracing.sampling-ratio=2"), Map.of()))
                .hasMessageContaining("observe.tracing.sampling-ratio must be between 0.0 and 1.0, got 2");
        assertThatThrownBy(() -> load(List.of("observe.tracing.endpoint=localhost:4318"), Map.of()))
                .hasMessageContaining("observe.tracing.endpoint: 'localhost:4318' is not an http(s) URL");
        assertThatThrownBy(() -> load(List.of("observe.tracing.enabled=maybe"), Map.of()))
                .hasMessageContaining("observe.tracing.enabled must be auto, true or false");
        assertThatThrownBy(() -> load(List.of(), Map.of("OTEL_TRACES_SAMPLER", "jaeger_remote")))
                .hasMessageStartingWith("environment variable OTEL_TRACES_SAMPLER: loadgen samples by ratio only");
        assertThatThrownBy(() -> load(List.of("observe.tracing.protocol=grpc", "observe.tracing.endpoint=https://c:4317"), Map.of()))
                .hasMessageContaining("grpc over TLS (https://c:4317) is not supported; use protocol http/protobuf");
        assertThatThrownBy(() -> load(List.of("observe.tracing.protocl=grpc"), Map.of()))
                .hasMessageContaining("unknown key 'observe.tracing.protocl' (did you mean 'observe.tracing.protocol'?)");
    }
}
