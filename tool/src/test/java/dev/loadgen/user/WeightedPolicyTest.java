package dev.loadgen.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loadgen.behavior.Catalogue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedPolicyTest {
    @Test
    void actions_come_in_proportion_to_their_weights() {
        List<Catalogue.Entry> entries = List.of(TestEntries.entry("posts.feed"), TestEntries.entry("posts.read"),
                TestEntries.entry("chat.talk"));
        WeightedPolicy p = new WeightedPolicy(entries, List.of(6.0, 3.0, 1.0), 0);
        SplittableRandom rng = new SplittableRandom(5);
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            n.merge(p.pick(rng).action().id(), 1, Integer::sum);
        }
        assertThat(n.get("posts.feed") / 100_000.0).isCloseTo(0.6, within(0.01));
        assertThat(n.get("posts.read") / 100_000.0).isCloseTo(0.3, within(0.01));
        assertThat(n.get("chat.talk") / 100_000.0).isCloseTo(0.1, within(0.01));
    }

    @Test
    void sessions_have_a_geometric_number_of_actions_with_the_configured_mean() {
        WeightedPolicy p = new WeightedPolicy(List.of(TestEntries.entry("posts.feed")), List.of(1.0), 20);
        SplittableRandom rng = new SplittableRandom(9);
        long total = 0;
        for (int i = 0; i < 20_000; i++) {
            ActionPolicy.Walk w = p.start();
            while (w.next(rng).isPresent()) {
                total++;
            }
        }
        assertThat(total / 20_000.0).isCloseTo(20.0, within(20.0 * 0.02));
    }
}
