package dev.loadgen.config;

/**
 * What loadgen shows of itself while it runs: the Prometheus endpoint, OpenTelemetry tracing, and the
 * metrics pushed to a receiver ({@code observe:} in the config).
 */
public record ObservabilityConfig(MetricsEndpoint metrics, TracingConfig tracing, PushConfig push) {
    public static final int DEFAULT_METRICS_PORT = 9464;

    /**
     * Where {@code /metrics} is served.
     *
     * @param port     0 turns the endpoint off
     * @param fallback true for the default port: when it is taken (another run on the same machine), a free
     *                 port is used instead; a port given explicitly must be free
     */
    public record MetricsEndpoint(String bind, int port, boolean fallback) {
        public static MetricsEndpoint defaults() {
            return new MetricsEndpoint("127.0.0.1", DEFAULT_METRICS_PORT, true);
        }

        public boolean enabled() {
            return port > 0;
        }
    }

    public static ObservabilityConfig defaults() {
        return new ObservabilityConfig(MetricsEndpoint.defaults(), TracingConfig.off(), PushConfig.off());
    }
}
