package dev.loadgen.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code observe.push}: remote write when a URL is given, and OTLP metrics from the config with the
 * standard variables as fallback. {@code OTEL_EXPORTER_OTLP_ENDPOINT} alone does not turn the OTLP push on:
 * it is what turns tracing on, and it often names a backend that takes traces only (Jaeger), where every
 * push would fail. Loadgen's default metrics exporter is its {@code /metrics} endpoint, as if
 * {@code OTEL_METRICS_EXPORTER=prometheus}; {@code OTEL_METRICS_EXPORTER=otlp} or a metrics endpoint asks for OTLP.
 */
final class PushBinder {
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PushBinder() {}

    static PushConfig bind(MapReader p, Function<String, String> env, Map<String, String> resource) {
        Duration interval = p.duration("interval", PushConfig.DEFAULT_INTERVAL);
        if (interval.compareTo(PushConfig.MIN_INTERVAL) < 0) {
            ConfigNode.Scalar s = p.scalar("interval").orElseThrow();
            throw new ConfigException(s.origin(), p.key("interval") + " must be at least 1s (a push per second at most), got " + s.text());
        }
        Optional<PushConfig.RemoteWrite> remoteWrite = remoteWrite(p.map("remote-write"));
        Optional<PushConfig.Otlp> otlp = otlp(p.map("otlp"), env, resource);
        p.finish();
        return new PushConfig(interval, remoteWrite, otlp);
    }

    private static Optional<PushConfig.RemoteWrite> remoteWrite(MapReader r) {
        Optional<URI> url = r.scalar("url").map(s -> OtelEnv.httpUrl(s.text(), s.origin(), r.key("url"),
                "http://127.0.0.1:9090/api/v1/write"));
        MapReader labelsNode = r.map("labels");
        Map<String, String> labels = OtelEnv.stringMap(labelsNode);
        labels.forEach((name, value) -> {
            if (!LABEL.matcher(name).matches() || name.startsWith("__")) {
                throw new ConfigException(labelsNode.keyOrigin(name), labelsNode.key(name) + ": '" + name
                        + "' is not a label name; use letters, digits and _, not starting with a digit or __");
            }
            if (value.isBlank()) {
                throw new ConfigException(labelsNode.keyOrigin(name), labelsNode.key(name)
                        + " is empty, and Prometheus drops empty labels; give it a value or leave it out");
            }
        });
        Map<String, String> headers = OtelEnv.stringMap(r.map("headers"));
        r.finish();
        if (url.isEmpty() && (!labels.isEmpty() || !headers.isEmpty())) {
            throw new ConfigException(r.origin(), r.key("labels") + " and " + r.key("headers") + " need " + r.key("url")
                    + " (--remote-write URL), the receiver to push to");
        }
        return url.map(u -> new PushConfig.RemoteWrite(u, labels, headers));
    }

    private static Optional<PushConfig.Otlp> otlp(MapReader o, Function<String, String> env, Map<String, String> resource) {
        Optional<ConfigNode.Scalar> enabledNode = o.scalar("enabled");
        String enabled = enabledNode.map(s -> s.text().trim().toLowerCase(Locale.ROOT)).orElse("auto");
        if (!enabled.matches("auto|true|false|yes|no|on|off")) {
            throw new ConfigException(enabledNode.get().origin(), o.key("enabled") + " must be auto, true or false, got '" + enabled + "'");
        }
        TracingConfig.Protocol protocol = o.scalar("protocol").map(s -> OtelEnv.protocol(s.text(), s.origin(), o.key("protocol")))
                .or(() -> OtelEnv.value(env, "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
                        .map(e -> OtelEnv.protocol(e.value(), e.origin(), e.name())))
                .orElse(TracingConfig.Protocol.HTTP_PROTOBUF);
        Optional<URI> configured = o.scalar("endpoint").map(s -> endpoint(s.text(), s.origin(), o.key("endpoint"), protocol, true));
        Optional<URI> metricsEnv = OtelEnv.value(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")
                .map(e -> endpoint(e.value(), e.origin(), e.name(), protocol, false));
        URI endpoint = configured.or(() -> metricsEnv)
                .or(() -> OtelEnv.value(env, "OTEL_EXPORTER_OTLP_ENDPOINT").map(e -> endpoint(e.value(), e.origin(), e.name(), protocol, true)))
                .orElse(protocol == TracingConfig.Protocol.GRPC ? URI.create("http://localhost:4317") : URI.create("http://localhost:4318/v1/metrics"));
        if (protocol == TracingConfig.Protocol.GRPC && "https".equals(endpoint.getScheme())) {
            throw new ConfigException(o.origin(), o.path() + ": grpc over TLS (" + endpoint
                    + ") is not supported; use protocol http/protobuf, which works with https endpoints");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        OtelEnv.value(env, "OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS").ifPresent(e -> headers.putAll(OtelEnv.pairs(e)));
        headers.putAll(OtelEnv.stringMap(o.map("headers")));
        o.finish();

        Optional<Boolean> exporterSaysOtlp = OtelEnv.value(env, "OTEL_METRICS_EXPORTER")
                .map(e -> Arrays.stream(e.value().toLowerCase(Locale.ROOT).split(",")).map(String::trim).anyMatch("otlp"::equals));
        boolean on = switch (enabled) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            // auto: on when someone named where metrics go, unless the standard switches say no
            default -> (configured.isPresent() || metricsEnv.isPresent() || exporterSaysOtlp.orElse(false))
                    && exporterSaysOtlp.orElse(true) && !OtelEnv.sdkDisabled(env);
        };
        return on ? Optional.of(new PushConfig.Otlp(endpoint, protocol, resource, headers)) : Optional.empty();
    }

    /** As tracing's: a base URL gets {@code /v1/metrics} for http/protobuf; a signal-specific one is used as it is. */
    private static URI endpoint(String text, Origin origin, String key, TracingConfig.Protocol protocol, boolean base) {
        URI uri = OtelEnv.httpUrl(text, origin, key, "http://localhost:4318");
        return base && protocol == TracingConfig.Protocol.HTTP_PROTOBUF ? OtelEnv.withPath(uri, "/v1/metrics") : uri;
    }
}
