package dev.loadgen.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code observe:}: the metrics endpoint, tracing from the config file with the standard
 * OpenTelemetry environment variables as fallback ({@code OTEL_EXPORTER_OTLP_ENDPOINT} and friends), so a
 * loadgen started where a collector is already configured traces without a line of config, and the
 * metrics push ({@link PushBinder}).
 */
final class ObserveBinder {
    private ObserveBinder() {}

    static ObservabilityConfig bind(MapReader o, Function<String, String> env) {
        String bind = o.string("metrics-bind", "127.0.0.1").trim();
        if (bind.isEmpty()) {
            throw new ConfigException(o.origin(), o.key("metrics-bind") + " must be an address such as 127.0.0.1 or 0.0.0.0");
        }
        ObservabilityConfig.MetricsEndpoint metrics = o.scalar("metrics-port")
                .filter(s -> !s.text().trim().equalsIgnoreCase("auto"))
                .map(s -> new ObservabilityConfig.MetricsEndpoint(bind, MapReader.toInt(s, o.key("metrics-port"), 0, 65_535), false))
                .orElse(new ObservabilityConfig.MetricsEndpoint(bind, ObservabilityConfig.DEFAULT_METRICS_PORT, true));
        TracingConfig tracing = tracing(o.map("tracing"), env);
        PushConfig push = PushBinder.bind(o.map("push"), env, tracing.resource());
        o.finish();
        return new ObservabilityConfig(metrics, tracing, push);
    }

    private static TracingConfig tracing(MapReader t, Function<String, String> env) {
        Optional<ConfigNode.Scalar> enabledNode = t.scalar("enabled");
        String enabled = enabledNode.map(s -> s.text().trim().toLowerCase(Locale.ROOT)).orElse("auto");
        if (!enabled.matches("auto|true|false|yes|no|on|off")) {
            throw new ConfigException(enabledNode.get().origin(), t.key("enabled") + " must be auto, true or false, got '" + enabled + "'");
        }
        TracingConfig.Protocol protocol = t.scalar("protocol").map(s -> OtelEnv.protocol(s.text(), s.origin(), t.key("protocol")))
                .or(() -> OtelEnv.value(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
                        .map(e -> OtelEnv.protocol(e.value(), e.origin(), e.name())))
                .orElse(TracingConfig.Protocol.HTTP_PROTOBUF);
        Optional<URI> configured = t.scalar("endpoint").map(s -> endpoint(s.text(), s.origin(), t.key("endpoint"), protocol, true));
        Optional<URI> fromEnv = OtelEnv.value(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                .map(e -> endpoint(e.value(), e.origin(), e.name(), protocol, false))
                .or(() -> OtelEnv.value(env, "OTEL_EXPORTER_OTLP_ENDPOINT").map(e -> endpoint(e.value(), e.origin(), e.name(), protocol, true)));
        URI endpoint = configured.or(() -> fromEnv).orElse(protocol == TracingConfig.Protocol.GRPC
                ? URI.create("http://localhost:4317") : TracingConfig.DEFAULT_HTTP);
        if (protocol == TracingConfig.Protocol.GRPC && "https".equals(endpoint.getScheme())) {
            throw new ConfigException(t.origin(), "observe.tracing: grpc over TLS (" + endpoint
                    + ") is not supported; use protocol http/protobuf, which works with https endpoints");
        }
        double ratio = t.scalar("sampling-ratio").map(s -> MapReader.toDouble(s, t.key("sampling-ratio"), 0, 1))
                .or(() -> samplerFromEnv(env)).orElse(1.0);

        Map<String, String> resource = new LinkedHashMap<>();
        resource.put("service.name", "loadgen");
        OtelEnv.value(env, "OTEL_RESOURCE_ATTRIBUTES").ifPresent(e -> resource.putAll(OtelEnv.pairs(e)));
        OtelEnv.value(env, "OTEL_SERVICE_NAME").ifPresent(e -> resource.put("service.name", e.value()));
        resource.putAll(OtelEnv.stringMap(t.map("resource")));
        Map<String, String> headers = new LinkedHashMap<>();
        OtelEnv.value(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS").ifPresent(e -> headers.putAll(OtelEnv.pairs(e)));
        headers.putAll(OtelEnv.stringMap(t.map("headers")));
        t.finish();

        boolean on = switch (enabled) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            // auto: on when someone said where spans go, unless the standard switches say no
            default -> (configured.isPresent() || fromEnv.isPresent())
                    && !OtelEnv.sdkDisabled(env)
                    && !OtelEnv.value(env, "OTEL_TRACES_EXPORTER").map(e -> exporter(e).equals("none")).orElse(false);
        };
        return new TracingConfig(on, endpoint, protocol, ratio, resource, headers);
    }

    private static String exporter(OtelEnv.EnvValue e) {
        String v = e.value().toLowerCase(Locale.ROOT);
        if (!v.equals("otlp") && !v.equals("none")) {
            throw new ConfigException(e.origin(), "loadgen exports traces only over OTLP; set it to otlp or none, got '" + e.value() + "'");
        }
        return v;
    }

    /**
     * An OTLP endpoint. A base URL (as in {@code OTEL_EXPORTER_OTLP_ENDPOINT}) gets {@code /v1/traces} for
     * http/protobuf, as the OpenTelemetry SDKs do; a signal-specific one is used as it is.
     */
    private static URI endpoint(String text, Origin origin, String key, TracingConfig.Protocol protocol, boolean base) {
        URI uri = OtelEnv.httpUrl(text, origin, key, "http://localhost:4318");
        return base && protocol == TracingConfig.Protocol.HTTP_PROTOBUF ? OtelEnv.withPath(uri, "/v1/traces") : uri;
    }

    /** The ratio implied by {@code OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG}. */
    private static Optional<Double> samplerFromEnv(Function<String, String> env) {
        Optional<OtelEnv.EnvValue> sampler = OtelEnv.value(env, "OTEL_TRACES_SAMPLER");
        if (sampler.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(switch (sampler.get().value().toLowerCase(Locale.ROOT)) {
            case "always_on", "parentbased_always_on" -> 1.0;
            case "always_off", "parentbased_always_off" -> 0.0;
            case "traceidratio", "parentbased_traceidratio" -> OtelEnv.value(env, "OTEL_TRACES_SAMPLER_ARG").map(a -> {
                try {
                    double v = Double.parseDouble(a.value());
                    if (v >= 0 && v <= 1) {
                        return v;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new ConfigException(a.origin(), "a sampling ratio must be a number from 0 to 1, got '" + a.value() + "'");
            }).orElse(1.0);
            default -> throw new ConfigException(sampler.get().origin(), "loadgen samples by ratio only: use always_on, always_off, "
                    + "traceidratio or parentbased_traceidratio, got '" + sampler.get().value() + "'");
        });
    }
}
