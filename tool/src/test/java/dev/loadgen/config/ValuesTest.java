package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private static final Origin O = Origin.flag("--duration");

    @Test
    void durations_combine_units() {
        assertThat(Values.duration("1h30m", O, "d")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Values.duration("250ms", O, "d")).isEqualTo(Duration.ofMillis(250));
        assertThat(Values.duration("1.5s", O, "d")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Values.duration("0", O, "d")).isZero();
        assertThatThrownBy(() -> Values.duration("30", O, "d")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Values.duration("30s5", O, "d")).hasMessageContaining("is not a duration");
    }

    @Test
    void rates_convert_to_per_second() {
        assertThat(Values.ratePerSecond("20/s", O, "r")).isEqualTo(20);
        assertThat(Values.ratePerSecond("120/m", O, "r")).isEqualTo(2);
        assertThat(Values.ratePerSecond("7", O, "r")).isEqualTo(7);
    }

    @Test
    void segments_deal_items_round_robin_and_add_up() {
        long total = 0;
        for (int i = 0; i < 4; i++) {
            total += new Segment(i, 4).share(10);
        }
        assertThat(total).isEqualTo(10);
        assertThat(new Segment(0, 4).share(10)).isEqualTo(3);
        assertThat(new Segment(3, 4).share(10)).isEqualTo(2);
        assertThat(new Segment(1, 4).owns(1)).isTrue();
        assertThat(Values.segment("0/3", O, "s")).isEqualTo(new Segment(0, 3));
        assertThatThrownBy(() -> Values.segment("4/4", O, "s")).hasMessageContaining("is not a segment");
    }

    @Test
    void formatting_reads_like_input() {
        assertThat(Values.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Values.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
