package dev.loadgen.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.Segment;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a control point splits a total over its instances: what each is sent, and what it runs of it. */
class FanOutTest {
    private static final List<String> NAMES = List.of("a", "b", "c");

    private static List<Segment> thirds() {
        return List.of(new Segment(0, 3), new Segment(1, 3), new Segment(2, 3));
    }

    private static List<Long> runs(FanOut.Split split, List<Segment> segments, long total) {
        return IntStream.range(0, segments.size()).mapToObj(i -> (long) split.users(i, segments.get(i), total)[1]).toList();
    }

    private static List<Long> sent(FanOut.Split split, List<Segment> segments, long total) {
        return IntStream.range(0, segments.size()).mapToObj(i -> (long) split.users(i, segments.get(i), total)[0]).toList();
    }

    @Test
    void segments_of_one_run_are_each_sent_the_total_and_run_what_their_segment_deals_them() {
        FanOut.Split split = FanOut.split(NAMES, thirds());
        assertThat(split.oneRun()).isTrue();
        // an instance's /api/users takes the whole run's number, as its config does
        assertThat(sent(split, thirds(), 60)).containsExactly(60L, 60L, 60L);
        assertThat(runs(split, thirds(), 60)).containsExactly(20L, 20L, 20L);
        assertThat(runs(split, thirds(), 7)).containsExactly(3L, 2L, 2L);
        assertThat(sent(split, thirds(), 7)).containsExactly(7L, 7L, 7L);
        // what the engine runs: user numbers 0..n-1 dealt round-robin, so the same as Segment.owns counts
        for (long total : List.of(0L, 1L, 2L, 7L, 30L, 61L)) {
            for (Segment s : thirds()) {
                long owned = java.util.stream.LongStream.range(0, total).filter(s::owns).count();
                assertThat(s.share(total)).as(s + " of " + total).isEqualTo(owned);
            }
        }
        assertThat(split.rate(new Segment(1, 3), 300)).containsExactly(300, 100);
    }

    @Test
    void whole_runs_side_by_side_are_sent_their_shares_dealt_as_segments_would_deal_them() {
        List<Segment> whole = List.of(Segment.WHOLE, Segment.WHOLE, Segment.WHOLE);
        FanOut.Split split = FanOut.split(NAMES, whole);
        assertThat(split.oneRun()).isFalse();
        assertThat(sent(split, whole, 7)).containsExactly(3L, 2L, 2L);
        assertThat(runs(split, whole, 7)).containsExactly(3L, 2L, 2L);
        assertThat(split.rate(Segment.WHOLE, 30)).containsExactly(10, 10);
        assertThat(FanOut.split(List.of("a"), List.of(Segment.WHOLE)).users(0, Segment.WHOLE, 7)).containsExactly(7, 7);
    }

    @Test
    void instances_that_are_not_one_run_are_refused_naming_them() {
        assertThatThrownBy(() -> FanOut.split(NAMES, List.of(new Segment(0, 3), new Segment(1, 2), new Segment(2, 3))))
                .hasMessage("a runs segment 0/3 but b runs segment 1/2: control the instances of one run (all i/3), or whole runs only");
        assertThatThrownBy(() -> FanOut.split(NAMES, List.of(Segment.WHOLE, new Segment(1, 3), new Segment(2, 3))))
                .hasMessage("b runs segment 1/3 but a runs a whole run (0/1): control the instances of one run (all i/3), or whole runs only");
        assertThatThrownBy(() -> FanOut.split(NAMES, List.of(new Segment(0, 3), new Segment(1, 3), new Segment(1, 3))))
                .hasMessage("b and c both run segment 1/3: each instance of a run needs its own --segment i/3");
    }
}
