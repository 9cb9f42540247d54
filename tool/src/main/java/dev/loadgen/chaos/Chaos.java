package dev.loadgen.chaos;

import dev.loadgen.config.ChaosConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The run's fault decisions. Each decision is a pure function of the run's seed, the user's number and
 * the ordinal of the request among that user's requests (plus the run's clock for time windows), never a
 * draw from a generator shared by the users: so the same seed injects the same faults into the same
 * request sequence, whatever order the threads run in, and the users' own choices (their generators) are
 * the same with chaos on or off.
 *
 * <p>The faults that target an endpoint share one uniform draw {@code u} in [0, 1) per request: fault
 * {@code i} owns the interval [p<sub>0</sub> + … + p<sub>i-1</sub>, p<sub>0</sub> + … + p<sub>i</sub>), in
 * config order. A request gets fault {@code i} when {@code u} falls in its interval and fault {@code i}
 * applies to it (its window, a body or token to corrupt); otherwise none. So each kind hits exactly its
 * probability of the requests it applies to, and a request carries at most one fault. (The config checks
 * that the faults that can meet on one endpoint add up to at most 1.)
 */
public final class Chaos {
    private static final long HTTP_SALT = 0x6A09E667F3BCC908L;
    private static final long WS_SALT = 0xBB67AE8584CAA73BL;

    private final long seed;
    private final LongSupplier clock;
    private final Slot[] http;
    private final Slot[] ws;
    private final Map<String, Slot[]> byEndpoint = new ConcurrentHashMap<>();
    private volatile long startNanos;
    /** Faults are injected from the start of the load only: what runs before it (the account pool's sign-up) gets none. */
    private volatile boolean started;

    /** A fault and its interval of the shared draw. */
    private record Slot(ChaosConfig.Fault fault, double from, double to) {}

    Chaos(ChaosConfig config, long seed, LongSupplier clock) {
        this.seed = seed;
        this.clock = clock;
        this.http = slots(config, ChaosConfig.Channel.HTTP);
        this.ws = slots(config, ChaosConfig.Channel.WEBSOCKET);
        this.startNanos = clock.getAsLong();
    }

    /** The run's chaos, or empty when it injects nothing (the hot path then checks one null). */
    public static Optional<Chaos> of(ChaosConfig config, long seed) {
        return config.active() ? Optional.of(new Chaos(config, seed, System::nanoTime)) : Optional.empty();
    }

    /** With another clock, for tests of time windows. */
    public static Chaos of(ChaosConfig config, long seed, LongSupplier clock) {
        return new Chaos(config, seed, clock);
    }

    /** The load starts: faults are injected from now, and time windows count from here. */
    public void start() {
        start(clock.getAsLong());
    }

    /**
     * The load starts: faults are injected from now, and time windows count from {@code startNanos} on this chaos's clock,
     * the run's start time, which an instance that joined its run late ({@code --start-at}) began after: its windows open
     * and close at the same moments as the other instances'.
     */
    public void start(long startNanos) {
        this.startNanos = startNanos;
        started = true;
    }

    private static Slot[] slots(ChaosConfig config, ChaosConfig.Channel channel) {
        List<Slot> out = new ArrayList<>();
        double at = 0;
        for (ChaosConfig.Fault f : config.enabled() ? config.faults() : List.<ChaosConfig.Fault>of()) {
            if (f.kind().channel == channel && f.probability() > 0) {
                out.add(new Slot(f, at, at + f.probability()));
                at += f.probability();
            }
        }
        return out.toArray(new Slot[0]);
    }

    /** What a request offers a fault to work on. */
    public record Request(String service, String endpoint, boolean hasBody, boolean hasToken) {}

    /**
     * The fault for one HTTP request, if any.
     *
     * @param user    the user's number
     * @param ordinal this decision's number among the user's decisions, from 0
     */
    public Optional<ChaosConfig.Fault> http(long user, long ordinal, Request r) {
        if (!started) {
            return Optional.empty();
        }
        Slot[] slots = byEndpoint.computeIfAbsent(r.service() + ' ' + r.endpoint(), k -> targeted(r.service(), r.endpoint()));
        if (slots.length == 0) {
            return Optional.empty();
        }
        Slot s = pick(slots, uniform(HTTP_SALT, user, ordinal));
        if (s == null || !eligible(s.fault().kind(), r) || !s.fault().activeAt(clock.getAsLong() - startNanos)) {
            return Optional.empty();
        }
        return Optional.of(s.fault());
    }

    /** The fault for one chat action on an open WebSocket, if any. */
    public Optional<ChaosConfig.Fault> websocket(long user, long ordinal, String service, String endpoint) {
        if (ws.length == 0 || !started) {
            return Optional.empty();
        }
        Slot s = pick(ws, uniform(WS_SALT, user, ordinal));
        if (s == null || !s.fault().targets(service, endpoint) || !s.fault().activeAt(clock.getAsLong() - startNanos)) {
            return Optional.empty();
        }
        return Optional.of(s.fault());
    }

    public boolean hasWebSocketFaults() {
        return ws.length > 0;
    }

    /** The faults that target this endpoint, with their intervals of this endpoint's draw. */
    private Slot[] targeted(String service, String endpoint) {
        List<Slot> out = new ArrayList<>();
        double at = 0;
        for (Slot s : http) {
            if (s.fault().targets(service, endpoint)) {
                out.add(new Slot(s.fault(), at, at + s.fault().probability()));
                at += s.fault().probability();
            }
        }
        return out.toArray(new Slot[0]);
    }

    private static Slot pick(Slot[] slots, double u) {
        for (Slot s : slots) {
            if (u >= s.from() && u < s.to()) {
                return s;
            }
        }
        return null;
    }

    /** Faults that corrupt a body or a token need one to corrupt. */
    static boolean eligible(ChaosConfig.Kind kind, Request r) {
        return switch (kind) {
            case MALFORMED_JSON, OVERSIZED_BODY, SLOW_UPLOAD -> r.hasBody();
            case EXPIRED_TOKEN, FORGED_TOKEN -> r.hasToken();
            default -> true;
        };
    }

    /** A uniform double in [0, 1) from (seed, salt, user, ordinal): SplitMix64's finaliser, chained. */
    double uniform(long salt, long user, long ordinal) {
        long h = mix(seed ^ salt);
        h = mix(h + user * 0x9E3779B97F4A7C15L);
        h = mix(h + ordinal * 0xD1B54A32D192ED03L);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
