package dev.loadgen.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadgen.UserRuns;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.config.Origin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Fault decisions: each kind at its configured rate, the same faults for the same seed, whatever the threads do. */
class ChaosTest {
    private static final Chaos.Request ANY = new Chaos.Request("posts", "POST /posts", true, true);

    static ChaosConfig.Fault fault(ChaosConfig.Kind kind, double p, List<String> endpoints, List<ChaosConfig.Window> windows) {
        return new ChaosConfig.Fault(kind, p, List.of(), endpoints, windows, Duration.ofMillis(100), 503, 100, 1000, 3, Origin.DEFAULTS);
    }

    static ChaosConfig.Fault fault(ChaosConfig.Kind kind, double p) {
        return fault(kind, p, List.of(), List.of());
    }

    /** Every request kind at a different probability (0.03 to 0.19, 0.99 together), and every socket kind. */
    private static ChaosConfig everyKind() {
        List<ChaosConfig.Fault> faults = new ArrayList<>();
        double p = 0.03;
        for (ChaosConfig.Kind k : ChaosConfig.Kind.values()) {
            if (k.channel == ChaosConfig.Channel.HTTP) {
                faults.add(fault(k, p));
                p += 0.02;
            } else {
                faults.add(fault(k, 0.1 * (faults.size() - 8)));
            }
        }
        return new ChaosConfig(true, faults);
    }

    @Test
    void over_ten_thousand_decisions_each_kind_hits_within_two_percent_of_its_probability() {
        ChaosConfig config = everyKind();
        Chaos chaos = Chaos.of(config, 42, () -> 0L);
        chaos.start();
        Map<ChaosConfig.Kind, Integer> http = new EnumMap<>(ChaosConfig.Kind.class);
        Map<ChaosConfig.Kind, Integer> ws = new EnumMap<>(ChaosConfig.Kind.class);
        int n = 10_000;
        // 100 users x 100 requests each: the decisions of a real run, user by user
        for (long user = 0; user < 100; user++) {
            for (long ordinal = 0; ordinal < 100; ordinal++) {
                chaos.http(user, ordinal, ANY).ifPresent(f -> http.merge(f.kind(), 1, Integer::sum));
                chaos.websocket(user, ordinal, "chat", "WS /chat/ws").ifPresent(f -> ws.merge(f.kind(), 1, Integer::sum));
            }
        }
        StringBuilder report = new StringBuilder();
        for (ChaosConfig.Fault f : config.faults()) {
            int hits = (f.kind().channel == ChaosConfig.Channel.HTTP ? http : ws).getOrDefault(f.kind(), 0);
            double rate = (double) hits / n;
            report.append(String.format("%-16s p=%.2f rate=%.4f%n", f.kind().label, f.probability(), rate));
            assertThat(rate).as(f.kind().label).isCloseTo(f.probability(), within(0.02));
            // and, tighter, within four standard deviations of a binomial count
            assertThat(Math.abs(rate - f.probability())).as(f.kind().label)
                    .isLessThan(4 * Math.sqrt(f.probability() * (1 - f.probability()) / n));
        }
        System.out.print(report);
    }

    @Test
    void the_same_seed_gives_the_same_faults_to_the_same_requests_whatever_the_thread_order() throws Exception {
        ChaosConfig config = everyKind();
        Map<String, String> sequential = decide(started(Chaos.of(config, 7, () -> 0L)), false);
        Map<String, String> parallel = decide(started(Chaos.of(config, 7, () -> 0L)), true);
        assertThat(parallel).isEqualTo(sequential);
        assertThat(sequential).hasSizeGreaterThan(2000);
        Map<String, String> other = decide(started(Chaos.of(config, 8, () -> 0L)), false);
        assertThat(other).isNotEqualTo(sequential);
    }

    /** user:ordinal -> kind, for 50 users x 100 requests, one thread per user when {@code parallel}. */
    private static Chaos started(Chaos chaos) {
        chaos.start();
        return chaos;
    }

    @Test
    void nothing_is_injected_before_the_load_starts() {
        Chaos chaos = Chaos.of(new ChaosConfig(true, List.of(fault(ChaosConfig.Kind.DELAY, 1.0))), 1, () -> 0L);
        assertThat(chaos.http(1, 0, ANY)).isEmpty();
        chaos.start();
        assertThat(chaos.http(1, 1, ANY)).isPresent();
    }

    private static Map<String, String> decide(Chaos chaos, boolean parallel) throws Exception {
        Map<String, String> out = new ConcurrentHashMap<>();
        Runnable[] users = new Runnable[50];
        for (int u = 0; u < users.length; u++) {
            long user = u;
            users[u] = () -> {
                for (long i = 0; i < 100; i++) {
                    long ordinal = i;
                    chaos.http(user, ordinal, ANY).ifPresent(f -> out.put(user + ":" + ordinal, f.kind().label));
                }
            };
        }
        UserRuns.runAll(users, parallel);
        return out;
    }

    @Test
    void a_fault_hits_only_its_endpoints_and_requests_it_can_corrupt() {
        Chaos chaos = Chaos.of(new ChaosConfig(true, List.of(
                fault(ChaosConfig.Kind.MALFORMED_JSON, 0.5, List.of("POST /posts"), List.of()),
                fault(ChaosConfig.Kind.FORGED_TOKEN, 0.5, List.of("GET /feed"), List.of()))), 1, () -> 0L);
        chaos.start();
        int posts = 0;
        int feed = 0;
        for (long i = 0; i < 2000; i++) {
            assertThat(chaos.http(1, i, new Chaos.Request("posts", "GET /posts", true, true))).isEmpty();
            assertThat(chaos.http(1, i, new Chaos.Request("posts", "POST /posts", false, true))).as("no body to corrupt").isEmpty();
            assertThat(chaos.http(1, i, new Chaos.Request("posts", "GET /feed", false, false))).as("no token to forge").isEmpty();
            posts += chaos.http(1, i, new Chaos.Request("posts", "POST /posts", true, false)).isPresent() ? 1 : 0;
            feed += chaos.http(1, i, new Chaos.Request("posts", "GET /feed", false, true)).isPresent() ? 1 : 0;
        }
        assertThat(posts / 2000.0).isCloseTo(0.5, within(0.05));
        assertThat(feed / 2000.0).isCloseTo(0.5, within(0.05));
    }

    @Test
    void a_fault_hits_only_inside_its_time_windows_counted_from_the_start() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        Chaos chaos = Chaos.of(new ChaosConfig(true, List.of(fault(ChaosConfig.Kind.DELAY, 1.0, List.of(),
                List.of(new ChaosConfig.Window(Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(5))))))), 1, now::get);
        chaos.start();
        long start = now.get();
        long ordinal = 0;
        for (int second : new int[] {0, 9, 10, 14, 15, 60}) {
            now.set(start + Duration.ofSeconds(second).toNanos());
            boolean hit = chaos.http(3, ordinal++, ANY).isPresent();
            assertThat(hit).as("at %ds", second).isEqualTo(second >= 10 && second < 15);
        }
    }

    @Test
    void an_instance_that_joins_its_run_late_keeps_the_windows_of_the_run_start() {
        AtomicLong now = new AtomicLong(100_000_000_000L);
        Chaos chaos = Chaos.of(new ChaosConfig(true, List.of(fault(ChaosConfig.Kind.DELAY, 1.0, List.of(),
                List.of(new ChaosConfig.Window(Duration.ofSeconds(10), Optional.of(Duration.ofSeconds(5))))))), 1, now::get);
        long runStart = now.get() - Duration.ofSeconds(12).toNanos();    // joined 12 s after the start time
        chaos.start(runStart);
        assertThat(chaos.http(3, 0, ANY)).as("12 s into the run").isPresent();
        now.set(runStart + Duration.ofSeconds(15).toNanos());
        assertThat(chaos.http(3, 1, ANY)).as("15 s into the run").isEmpty();
    }

    @Test
    void off_means_no_chaos_object_at_all() {
        assertThat(Chaos.of(ChaosConfig.OFF, 1)).isEmpty();
        assertThat(Chaos.of(new ChaosConfig(false, List.of(fault(ChaosConfig.Kind.DELAY, 1))), 1)).isEmpty();
        assertThat(Chaos.of(new ChaosConfig(true, List.of(fault(ChaosConfig.Kind.DELAY, 1))), 1)).isPresent();
    }
}
