package dev.loadgen.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The standard {@code OTEL_*} environment variables as the observe binders read them (tracing and the OTLP
 * metrics push follow the same conventions), and the export URLs and header maps both accept.
 */
final class OtelEnv {
    private OtelEnv() {}

    /** An environment variable's value, with the variable's name as its origin for messages. */
    record EnvValue(String name, String value) {
        Origin origin() {
            return Origin.flag("environment variable " + name);
        }
    }

    /** The first of {@code names} that is set and not blank. */
    static Optional<EnvValue> value(Function<String, String> env, String... names) {
        for (String n : names) {
            String v = env.apply(n);
            if (v != null && !v.isBlank()) {
                return Optional.of(new EnvValue(n, v.trim()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code OTEL_SDK_DISABLED=true} turns every OpenTelemetry export off. */
    static boolean sdkDisabled(Function<String, String> env) {
        return value(env, "OTEL_SDK_DISABLED").map(e -> e.value().equalsIgnoreCase("true")).orElse(false);
    }

    /** {@code key1=value1,key2=value2}, values percent-decoded, as the OTEL_* variables are written. */
    static Map<String, String> pairs(EnvValue e) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : e.value().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(e.origin(), "write key=value pairs separated by commas; '" + part.trim() + "' has no '='");
            }
            out.put(part.substring(0, eq).trim(), URLDecoder.decode(part.substring(eq + 1).trim(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** {@code http/protobuf} (or {@code http}) or {@code grpc}, as {@code OTEL_EXPORTER_OTLP_PROTOCOL} is written. */
    static TracingConfig.Protocol protocol(String text, Origin origin, String key) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "http/protobuf", "http" -> TracingConfig.Protocol.HTTP_PROTOBUF;
            case "grpc" -> TracingConfig.Protocol.GRPC;
            default -> throw new ConfigException(origin, key + " must be http/protobuf or grpc, got '" + text + "'");
        };
    }

    /** An http(s) URL with a host, or a one-line error naming the key and the expected form. */
    static URI httpUrl(String text, Origin origin, String key, String example) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigException(origin, key + ": '" + text + "' is not an http(s) URL; write it like " + example);
        }
        return uri;
    }

    /** A base URL (as in {@code OTEL_EXPORTER_OTLP_ENDPOINT}) with a signal's path appended, unless it already ends so. */
    static URI withPath(URI base, String path) {
        if (base.getPath().endsWith(path)) {
            return base;
        }
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    /** A free-form map of single values (resource attributes, headers, labels). */
    static Map<String, String> stringMap(MapReader m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
            if (!(e.getValue() instanceof ConfigNode.Scalar s) || s.isNull()) {
                throw new ConfigException(e.getValue().origin(), m.key(e.getKey()) + " must be a single value");
            }
            out.put(e.getKey(), s.text());
        }
        return out;
    }
}
