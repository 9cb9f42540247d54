package dev.loadgen.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Metrics pushed to a receiver ({@code observe.push}), every {@code interval} and once more when the run
 * ends: a Kubernetes Job or a CI run is often over before Prometheus would scrape it. What is pushed is what
 * {@code /metrics} serves, from the same registry.
 *
 * @param interval    time between two pushes, at least one second
 * @param remoteWrite Prometheus remote write, when a URL is set
 * @param otlp        OTLP metrics, when turned on (see {@code docs/observability.md} for what does)
 */
public record PushConfig(Duration interval, Optional<RemoteWrite> remoteWrite, Optional<Otlp> otlp) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    public PushConfig {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("a push interval must be at least 1s, got " + interval);
        }
    }

    /**
     * Prometheus remote write 1.0.
     *
     * @param labels  added to every series (a series' own label of the same name wins); loadgen adds {@code job}
     *                and {@code instance} when they are not given here
     * @param headers extra request headers (a bearer token): never printed
     */
    public record RemoteWrite(URI url, Map<String, String> labels, Map<String, String> headers) {
        public RemoteWrite {
            labels = Map.copyOf(labels);
            headers = Map.copyOf(headers);
        }

        /** Headers may hold credentials: only their names are shown. */
        @Override
        public String toString() {
            return "RemoteWrite[url=" + url + ", labels=" + labels + ", headers=" + headers.keySet() + "]";
        }
    }

    /**
     * OTLP metrics, over the same protocols as tracing.
     *
     * @param endpoint the full metrics URL for http/protobuf ({@code .../v1/metrics}), the collector's address for grpc
     * @param resource resource attributes ({@code service.name} and the others tracing uses)
     * @param headers  extra export headers: never printed
     */
    public record Otlp(URI endpoint, TracingConfig.Protocol protocol, Map<String, String> resource, Map<String, String> headers) {
        public Otlp {
            resource = Map.copyOf(resource);
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Otlp[endpoint=" + endpoint + ", protocol=" + protocol.label + ", resource=" + resource + ", headers=" + headers.keySet() + "]";
        }
    }

    public static PushConfig off() {
        return new PushConfig(DEFAULT_INTERVAL, Optional.empty(), Optional.empty());
    }

    public boolean enabled() {
        return remoteWrite.isPresent() || otlp.isPresent();
    }
}
