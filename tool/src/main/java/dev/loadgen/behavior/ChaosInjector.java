package dev.loadgen.behavior;

import dev.loadgen.chaos.Chaos;
import dev.loadgen.chaos.Corruptions;
import dev.loadgen.chaos.Reactions;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import dev.loadgen.protocol.WireFault;
import java.util.Arrays;
import java.util.Optional;

/**
 * Carries the run's chaos decisions out on the users' requests: corrupts the body or the token, adds the
 * Envoy fault headers, or asks the transport for a pause, a slow upload or an abort. Every injection is
 * counted by kind, its request's outcome is {@code chaos}, and the target's reaction is judged as
 * expected or not. The behaviour that sent the request then sees the reply as it would without chaos
 * (a success is a success), so that a delayed login still logs the user in.
 */
final class ChaosInjector {
    static final String DELAY_HEADER = "x-envoy-fault-delay-request";
    static final String ABORT_HEADER = "x-envoy-fault-abort-request";

    private final Chaos chaos;
    private final ChaosCounters counters;

    ChaosInjector(Chaos chaos, ChaosCounters counters) {
        this.chaos = chaos;
        this.counters = counters;
    }

    Chaos chaos() {
        return chaos;
    }

    HttpReply send(HttpTransport http, UserState s, HttpCall call) throws InterruptedException {
        int auth = bearer(call.headers());
        Optional<ChaosConfig.Fault> decided = chaos.http(s.number(), s.nextChaosOrdinal(),
                new Chaos.Request(call.endpoint().service(), call.endpoint().name(), call.body().length > 0, auth >= 0));
        if (decided.isEmpty()) {
            return http.send(call);
        }
        ChaosConfig.Fault f = decided.get();
        String kind = f.kind().label;
        HttpCall faulty = switch (f.kind()) {
            case ABORT -> call.with(call.headers(), call.body(), new WireFault(kind, 0, true, 0));
            case MALFORMED_JSON -> call.with(call.headers(), Corruptions.malformedJson(call.body()), WireFault.marked(kind));
            case OVERSIZED_BODY -> call.with(call.headers(), Corruptions.oversized(call.body(), f.sizeBytes()), WireFault.marked(kind));
            case EXPIRED_TOKEN -> call.with(token(call.headers(), auth, Corruptions.expired(tokenAt(call.headers(), auth))), call.body(),
                    WireFault.marked(kind));
            case FORGED_TOKEN -> call.with(token(call.headers(), auth, Corruptions.forged(tokenAt(call.headers(), auth))),
                    call.body(), WireFault.marked(kind));
            case DELAY -> call.with(call.headers(), call.body(), new WireFault(kind, f.delay().toNanos(), false, 0));
            case SLOW_UPLOAD -> call.with(call.headers(), call.body(), new WireFault(kind, 0, false, f.bytesPerSecond()));
            case SERVER_DELAY -> call.with(plus(call.headers(), DELAY_HEADER, Long.toString(f.delay().toMillis())), call.body(),
                    WireFault.marked(kind));
            case SERVER_ABORT -> call.with(plus(call.headers(), ABORT_HEADER, Integer.toString(f.status())), call.body(),
                    WireFault.marked(kind));
            case WS_DROP, WS_STALL, RECONNECT_BURST -> throw new IllegalStateException(kind + " is not a request fault");
        };
        counters.injected(kind);
        HttpReply r = http.send(faulty);
        boolean ordinary = r.status() > 0 && call.isExpected(r.status());
        counters.reacted(kind, Reactions.expected(f, r.status(), ordinary), r.status());
        return new HttpReply(r.status(), r.body(), ordinary ? Outcome.OK : Outcome.HTTP_ERROR, r.headers());
    }

    /** The index of the Authorization header's name when it carries a bearer token, else -1. */
    private static int bearer(String[] headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization") && headers[i + 1].startsWith("Bearer ")) {
                return i;
            }
        }
        return -1;
    }

    private static String tokenAt(String[] headers, int i) {
        return headers[i + 1].substring("Bearer ".length());
    }

    private static String[] token(String[] headers, int i, String token) {
        String[] h = headers.clone();
        h[i + 1] = "Bearer " + token;
        return h;
    }

    private static String[] plus(String[] headers, String name, String value) {
        String[] h = Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = name;
        h[headers.length + 1] = value;
        return h;
    }
}
