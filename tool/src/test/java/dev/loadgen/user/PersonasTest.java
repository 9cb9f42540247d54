package dev.loadgen.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.Population;
import dev.loadgen.config.RunConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The built-in personas, drawn and walked with seeded generators, against the figures they are meant to give. */
class PersonasTest {
    private static final RunConfig DEFAULTS = ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 1L);
    private final FakeBehavior fake = new FakeBehavior();
    private final Personas personas = Personas.of(DEFAULTS.population(), fake.catalogue());

    @Test
    void the_persona_mix_is_within_two_points_over_ten_thousand_users() {
        Map<String, Integer> n = new HashMap<>();
        for (long user = 1; user <= 10_000; user++) {
            n.merge(personas.draw(SimulatedUsers.rngFor(42, user)).name(), 1, Integer::sum);
        }
        assertThat(n.get("lurker") / 10_000.0).isCloseTo(0.60, within(0.02));
        assertThat(n.get("poster") / 10_000.0).isCloseTo(0.20, within(0.02));
        assertThat(n.get("chatter") / 10_000.0).isCloseTo(0.15, within(0.02));
        assertThat(n.get("socialite") / 10_000.0).isCloseTo(0.05, within(0.02));
    }

    /**
     * The long-run share of each action: simulate many sessions and compare with the chain's expected visits per
     * session, v = e_start (I - Q)^-1 over the transient states (start and the actions), normalised over the
     * actions; that is the stationary distribution of the chain in which end leads back to start.
     */
    @Test
    void every_built_in_chain_s_long_run_action_mix_is_within_two_percent_of_its_stationary_distribution() {
        for (Population.PersonaSpec spec : DEFAULTS.population().personas()) {
            Population.Flow.Markov flow = (Population.Flow.Markov) spec.flow();
            MarkovPolicy policy = new MarkovPolicy(flow, fake.catalogue(), spec.name());
            Map<String, Double> expected = expectedShares(flow);
            Map<String, Long> seen = new HashMap<>();
            SplittableRandom rng = new SplittableRandom(3);
            long steps = 0;
            while (steps < 500_000) {
                ActionPolicy.Walk walk = policy.start();
                for (var e = walk.next(rng); e.isPresent(); e = walk.next(rng)) {
                    seen.merge(e.get().action().id(), 1L, Long::sum);
                    steps++;
                }
            }
            long total = steps;
            expected.forEach((action, share) -> assertThat(seen.getOrDefault(action, 0L) / (double) total)
                    .as("%s %s", spec.name(), action).isCloseTo(share, within(Math.max(0.02 * share, 0.001))));
        }
    }

    private static Map<String, Double> expectedShares(Population.Flow.Markov flow) {
        List<String> states = List.copyOf(flow.rows().keySet());
        int n = states.size();
        // visits solve v = e_start + v Q, by iterating to the fixed point (Q is substochastic: it converges)
        double[] v = new double[n];
        double[] next = new double[n];
        for (int iter = 0; iter < 10_000; iter++) {
            java.util.Arrays.fill(next, 0);
            next[states.indexOf("start")] = 1;
            for (int i = 0; i < n; i++) {
                for (Population.Transition t : flow.rows().get(states.get(i))) {
                    if (!t.to().equals("end")) {
                        next[states.indexOf(t.to())] += v[i] * t.probability();
                    }
                }
            }
            double[] tmp = v;
            v = next;
            next = tmp;
        }
        double actions = 0;
        for (int i = 0; i < n; i++) {
            if (!states.get(i).equals("start")) {
                actions += v[i];
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (!states.get(i).equals("start")) {
                out.put(states.get(i), v[i] / actions);
            }
        }
        return out;
    }

    @Test
    void reading_and_typing_speeds_give_their_median_time() {
        Persona.Speed wpm230 = new Persona.Speed(230 / 60.0, 0.3);
        SplittableRandom rng = new SplittableRandom(5);
        double[] t = new double[100_001];
        for (int i = 0; i < t.length; i++) {
            t[i] = wpm230.nanos(230, rng) / 1e9;
        }
        java.util.Arrays.sort(t);
        assertThat(t[50_000]).isCloseTo(60.0, within(60 * 0.05));
        assertThat(wpm230.nanos(0, rng)).isZero();
    }

    @Test
    void pacing_leaves_what_is_left_of_the_cycle() {
        ThinkTime pacing = ThinkTimes.pacing(java.time.Duration.ofSeconds(10));
        assertThat(pacing.afterAction(new SplittableRandom(1), 3_000_000_000L)).isEqualTo(7_000_000_000L);
        assertThat(pacing.afterAction(new SplittableRandom(1), 12_000_000_000L)).isZero();
    }
}
