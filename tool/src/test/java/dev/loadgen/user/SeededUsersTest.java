package dev.loadgen.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.engine.UserContext;
import dev.loadgen.metrics.UserCounters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same seed and config give each user the same persona, actions and pauses. */
class SeededUsersTest {
    private record Trace(String persona, List<String> actions, List<Long> waits) {}

    private static Trace run(long seed, long user) throws InterruptedException {
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 1L);
        FakeBehavior fake = new FakeBehavior();
        Personas personas = Personas.of(config.population(), fake.catalogue());
        UserCounters counters = new UserCounters();
        SimulatedUsers users = new SimulatedUsers(fake.catalogue(), personas, ThinkTimes.of(config.population().gap()), counters, seed);
        CountingClock clock = new CountingClock(60);
        users.run(new UserContext(user, 0, false, clock));
        Map<String, Long> started = counters.startedByPersona();
        return new Trace(started.keySet().iterator().next(), fake.done.get(user), clock.waits);
    }

    @Test
    void the_same_seed_repeats_every_decision_of_a_user() throws InterruptedException {
        for (long user : new long[] {1, 7, 123}) {
            Trace a = run(42, user);
            Trace b = run(42, user);
            assertThat(a.actions()).hasSizeGreaterThan(10);
            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void another_seed_or_another_user_decides_differently() throws InterruptedException {
        assertThat(run(43, 7)).isNotEqualTo(run(42, 7));
        assertThat(run(42, 8)).isNotEqualTo(run(42, 7));
    }
}
