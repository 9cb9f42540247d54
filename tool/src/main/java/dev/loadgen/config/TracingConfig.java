package dev.loadgen.config;

import java.net.URI;
import java.util.Map;

/**
 * OpenTelemetry tracing, resolved from {@code observe.tracing} and the standard {@code OTEL_*}
 * environment variables (the config file wins over the environment, the environment over the defaults).
 *
 * @param endpoint      where spans go: the full traces URL for http/protobuf ({@code .../v1/traces}),
 *                      the collector's address for grpc
 * @param samplingRatio share of user actions whose traces are kept, 0 to 1
 * @param resource      resource attributes, {@code service.name} included
 * @param headers       extra export headers (a vendor's API key): never printed
 */
public record TracingConfig(boolean enabled, URI endpoint, Protocol protocol, double samplingRatio,
                            Map<String, String> resource, Map<String, String> headers) {
    public static final URI DEFAULT_HTTP = URI.create("http://localhost:4318/v1/traces");

    public enum Protocol {
        HTTP_PROTOBUF("http/protobuf"), GRPC("grpc");

        public final String label;

        Protocol(String label) {
            this.label = label;
        }
    }

    public TracingConfig {
        if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
            throw new IllegalArgumentException("sampling ratio must be between 0 and 1, got " + samplingRatio);
        }
        resource = Map.copyOf(resource);
        headers = Map.copyOf(headers);
    }

    public static TracingConfig off() {
        return new TracingConfig(false, DEFAULT_HTTP, Protocol.HTTP_PROTOBUF, 1.0, Map.of("service.name", "loadgen"), Map.of());
    }

    public String serviceName() {
        return resource.getOrDefault("service.name", "loadgen");
    }

    /** Headers may hold credentials: only their names are shown. */
    @Override
    public String toString() {
        return "TracingConfig[enabled=" + enabled + ", endpoint=" + endpoint + ", protocol=" + protocol.label
                + ", samplingRatio=" + samplingRatio + ", resource=" + resource + ", headers=" + headers.keySet() + "]";
    }
}
