package dev.loadgen.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code chaos:}: the faults loadgen injects on purpose (DESIGN.md §7), off unless the section names some.
 * Each fault is one {@link Kind} with the share of eligible requests it hits, where it applies (services,
 * endpoints) and when (time windows from the start of the run).
 */
public record ChaosConfig(boolean enabled, List<Fault> faults) {
    public static final ChaosConfig OFF = new ChaosConfig(false, List.of());

    public ChaosConfig {
        faults = List.copyOf(faults);
    }

    /** True when the run injects anything at all. */
    public boolean active() {
        return enabled && faults.stream().anyMatch(f -> f.probability() > 0);
    }

    /** Where a fault is carried out: on one HTTP request, or on a chat user's WebSocket. */
    public enum Channel { HTTP, WEBSOCKET }

    /** The fault kinds; {@link #label} is the config key and the {@code kind} label of the metrics. */
    public enum Kind {
        ABORT(Channel.HTTP), MALFORMED_JSON(Channel.HTTP), OVERSIZED_BODY(Channel.HTTP), EXPIRED_TOKEN(Channel.HTTP),
        FORGED_TOKEN(Channel.HTTP), DELAY(Channel.HTTP), SLOW_UPLOAD(Channel.HTTP), SERVER_DELAY(Channel.HTTP),
        SERVER_ABORT(Channel.HTTP), WS_DROP(Channel.WEBSOCKET), WS_STALL(Channel.WEBSOCKET), RECONNECT_BURST(Channel.WEBSOCKET);

        public final String label;
        public final Channel channel;

        Kind(Channel channel) {
            this.channel = channel;
            this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Kind> of(String label) {
            return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
        }

        public static String known() {
            return Arrays.stream(values()).map(k -> k.label).collect(Collectors.joining(", "));
        }
    }

    /** A time window, from {@code at} after the start of the run, lasting {@code length} (forever when empty). */
    public record Window(Duration at, Optional<Duration> length) {
        public boolean contains(long sinceStartNanos) {
            long from = at.toNanos();
            return sinceStartNanos >= from && length.map(l -> sinceStartNanos < from + l.toNanos()).orElse(true);
        }
    }

    /**
     * One fault kind as configured.
     *
     * @param probability    the share of eligible requests (or chat actions) it hits, 0 to 1
     * @param services       services it applies to; empty means all
     * @param endpoints      endpoints it applies to ({@code POST /posts}); empty means all of those services
     * @param windows        when it applies; empty means the whole run
     * @param delay          the pause (delay, server-delay, ws-stall)
     * @param status         the status asked of the target (server-abort)
     * @param bytesPerSecond the upload rate (slow-upload)
     * @param sizeBytes      the body size sent (oversized-body)
     * @param count          reconnects in a burst (reconnect-burst)
     */
    public record Fault(Kind kind, double probability, List<String> services, List<String> endpoints, List<Window> windows,
                        Duration delay, int status, int bytesPerSecond, int sizeBytes, int count, Origin origin) {
        public Fault {
            services = List.copyOf(services);
            endpoints = List.copyOf(endpoints);
            windows = List.copyOf(windows);
            if (probability < 0 || probability > 1) {
                throw new ConfigException(origin, "chaos " + kind.label + ": probability must be between 0 and 1, got " + probability);
            }
        }

        /** Whether the fault applies to this endpoint ({@code service}, {@code POST /posts}). */
        public boolean targets(String service, String endpoint) {
            return (services.isEmpty() || services.contains(service)) && (endpoints.isEmpty() || endpoints.contains(endpoint));
        }

        public boolean activeAt(long sinceStartNanos) {
            if (windows.isEmpty()) {
                return true;
            }
            for (Window w : windows) {
                if (w.contains(sinceStartNanos)) {
                    return true;
                }
            }
            return false;
        }

        /** How the fault reads in the run's opening line: {@code server-abort 2% (503)}. */
        public String describe() {
            String p = String.format(Locale.ROOT, "%s %s%%", kind.label, trim(probability * 100));
            String param = switch (kind) {
                case DELAY, SERVER_DELAY, WS_STALL -> " (" + Values.format(delay) + ")";
                case SERVER_ABORT -> " (" + status + ")";
                case SLOW_UPLOAD -> " (" + bytesPerSecond + " B/s)";
                case OVERSIZED_BODY -> " (" + sizeBytes + " bytes)";
                case RECONNECT_BURST -> " (" + count + " reconnects)";
                default -> "";
            };
            return p + param;
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
        }
    }
}
