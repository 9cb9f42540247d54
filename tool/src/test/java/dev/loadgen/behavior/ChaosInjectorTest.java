package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.UserRuns;
import dev.loadgen.chaos.Chaos;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.Origin;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HttpCall;
import dev.loadgen.protocol.HttpReply;
import dev.loadgen.protocol.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The users' requests through the injector, against a fake target that reacts as a correct server would:
 * the same seed puts the same faults, byte for byte, on the same request sequence, whatever the order the
 * users run in; every injection is counted under its kind and every reaction is the expected one.
 */
class ChaosInjectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSIsImV4cCI6MjAwMDAwMDAwMH0.c2lnbmF0dXJl";

    /** What a correct server answers: 400 for bad JSON, 413 past 64 KiB, 401 for a token it did not sign, the asked abort status. */
    private static final class FakeTarget implements HttpTransport {
        final Map<String, String> wire = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong marked = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public HttpReply send(HttpCall call) {
            String key = new String(call.body(), StandardCharsets.UTF_8).hashCode() + " " + String.join("|", call.headers()) + " " + call.fault();
            wire.put(call.endpoint().name() + "#" + call.intendedStartNanos(), key);
            if (call.fault().injected()) {
                marked.incrementAndGet();
            }
            int status = status(call);
            return new HttpReply(status, new byte[0], call.fault().injected() ? Outcome.CHAOS : call.isExpected(status) ? Outcome.OK : Outcome.HTTP_ERROR);
        }

        private static int status(HttpCall call) {
            if (call.fault().abortAfterSend()) {
                return 0;
            }
            List<String> h = Arrays.asList(call.headers());
            int abort = h.indexOf("x-envoy-fault-abort-request");
            if (abort >= 0) {
                return Integer.parseInt(h.get(abort + 1));
            }
            if (call.body().length > 64 * 1024) {
                return 413;
            }
            if (call.body().length > 0) {
                try {
                    JSON.readTree(call.body());
                    if (call.body()[call.body().length - 1] != '}') {
                        return 400;
                    }
                } catch (Exception e) {
                    return 400;
                }
            }
            int auth = h.indexOf("Authorization");
            if (auth >= 0 && !h.get(auth + 1).equals("Bearer " + TOKEN)) {
                return 401;
            }
            return 200;
        }

        @Override
        public void close() {}
    }

    private record Outcomes(Map<String, String> wire, Map<String, Long> byKind, Map<String, Long> expected, long unexpected) {}

    private static Outcomes run(long seed, boolean parallel) throws Exception {
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of("users.account=none"), List.of(), k -> null, () -> 1L);
        FakeTarget target = new FakeTarget();
        Metrics metrics = new Metrics();
        List<ChaosConfig.Fault> faults = new ArrayList<>();
        double p = 0.04;
        for (ChaosConfig.Kind k : ChaosConfig.Kind.values()) {
            if (k.channel == ChaosConfig.Channel.HTTP && k != ChaosConfig.Kind.DELAY && k != ChaosConfig.Kind.SLOW_UPLOAD) {
                faults.add(new ChaosConfig.Fault(k, p, List.of(), List.of(), List.of(), Duration.ofMillis(5), 418, 100, 70_000, 1, Origin.DEFAULTS));
                p += 0.01;
            }
        }
        Chaos chaos = Chaos.of(new ChaosConfig(true, faults), seed, () -> 0L);
        chaos.start();
        Services services = new Services(target, Optional.empty(), metrics, Optional.of(chaos), config.target(),
                dev.loadgen.time.Clock.SYSTEM, w -> { });
        EndpointMeter create = metrics.endpoint("posts", "POST /posts", "POST");
        EndpointMeter feed = metrics.endpoint("posts", "GET /feed", "GET");
        Runnable[] users = new Runnable[40];
        for (int u = 0; u < users.length; u++) {
            UserState s = UserState.plain(u, new SplittableRandom(u), "default");
            int user = u;
            users[u] = () -> {
                for (int i = 0; i < 250; i++) {
                    // the intended start names the request (user, i) in what the fake target saw
                    long id = user * 1_000L + i;
                    HttpCall call = i % 2 == 0
                            ? new HttpCall(create, "POST", URI.create("http://127.0.0.1:9/posts"), new String[] {"Authorization", "Bearer " + TOKEN},
                                    ("{\"body\":\"post " + i + "\"}").getBytes(StandardCharsets.UTF_8), new int[] {201, 200}, id)
                            : new HttpCall(feed, "GET", URI.create("http://127.0.0.1:9/feed"), new String[] {"Authorization", "Bearer " + TOKEN},
                                    HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, id);
                    try {
                        HttpReply r = services.send(s, call);
                        assertThat(r.outcome()).isIn(Outcome.OK, Outcome.HTTP_ERROR);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        }
        UserRuns.runAll(users, parallel);
        Map<String, Long> expected = new TreeMap<>();
        long unexpected = 0;
        for (var e : metrics.chaos().reactions().entrySet()) {
            expected.put(e.getKey(), e.getValue().expected());
            unexpected += e.getValue().unexpected();
        }
        // every injection went out marked chaos (the transport then records its outcome as chaos)
        assertThat(target.marked.get()).isEqualTo(metrics.chaos().injectedTotal()).isGreaterThan(2000);
        return new Outcomes(new TreeMap<>(target.wire), metrics.chaos().byKind(), expected, unexpected);
    }

    @Test
    void the_same_seed_puts_the_same_faults_on_the_same_requests_and_each_is_counted_and_judged() throws Exception {
        Outcomes first = run(21, false);
        Outcomes second = run(21, true);
        assertThat(second.wire()).hasSize(10_000).isEqualTo(first.wire());
        assertThat(second.byKind()).isEqualTo(first.byKind());
        assertThat(first.byKind().keySet()).containsExactlyInAnyOrder("abort", "malformed-json", "oversized-body", "expired-token",
                "forged-token", "server-delay", "server-abort");
        // every injection met the reaction a correct server gives
        assertThat(first.unexpected()).isZero();
        assertThat(first.expected()).isEqualTo(first.byKind());
        Outcomes other = run(22, false);
        assertThat(other.wire()).isNotEqualTo(first.wire());
    }

    @Test
    void over_ten_thousand_requests_each_kind_hits_within_two_percent_of_its_probability() throws Exception {
        Outcomes o = run(5, true);
        // 5,000 requests have a body (POST /posts), all 10,000 a token; probabilities 0.04, 0.05, ... in kind order
        Map<String, double[]> expect = new TreeMap<>(Map.of("abort", new double[] {0.04, 10_000}, "malformed-json", new double[] {0.05, 5_000},
                "oversized-body", new double[] {0.06, 5_000}, "expired-token", new double[] {0.07, 10_000},
                "forged-token", new double[] {0.08, 10_000}, "server-delay", new double[] {0.09, 10_000}, "server-abort", new double[] {0.10, 10_000}));
        StringBuilder report = new StringBuilder();
        expect.forEach((kind, e) -> {
            double rate = o.byKind().getOrDefault(kind, 0L) / e[1];
            report.append(String.format("%-15s p=%.2f injected=%d of %.0f eligible rate=%.4f%n", kind, e[0], o.byKind().get(kind), e[1], rate));
            assertThat(rate).as(kind).isCloseTo(e[0], org.assertj.core.api.Assertions.within(0.02));
        });
        System.out.print(report);
    }
}
