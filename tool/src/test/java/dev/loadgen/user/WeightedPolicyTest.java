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
        List<Catalogue.Entry> entries = List.of(TestEntries.entry("posts.feed", 6), TestEntries.entry("posts.read", 3),
                TestEntries.entry("chat.talk", 1));
        WeightedPolicy p = new WeightedPolicy(entries);
        SplittableRandom rng = new SplittableRandom(5);
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            n.merge(p.next(rng).action().id(), 1, Integer::sum);
        }
        assertThat(n.get("posts.feed") / 100_000.0).isCloseTo(0.6, within(0.01));
        assertThat(n.get("posts.read") / 100_000.0).isCloseTo(0.3, within(0.01));
        assertThat(n.get("chat.talk") / 100_000.0).isCloseTo(0.1, within(0.01));
    }
}
