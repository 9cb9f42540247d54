package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --start-at} before the clock: a start time too far gone is refused, the self warm-up fits before it, the wait says when. */
class StartAtTest {
    private static final Instant TEN = Instant.parse("2026-12-07T10:00:00Z");

    private static RunConfig config(String... args) {
        Main m = new Main();
        new picocli.CommandLine(m).parseArgs(args);
        return RunPlan.resolve(RunRequest.from(m), Map.<String, String>of()::get).config();
    }

    @Test
    void a_start_time_after_which_the_whole_run_would_be_over_is_one_line_with_the_fix() {
        RunConfig c = config("--url", "http://127.0.0.1:9/", "--users", "2", "--duration", "1m", "--start-at", "2026-12-07T10:00:00Z");
        StartAt.check(c, TEN.plusSeconds(59));    // a late instance still has a second to run
        assertThatThrownBy(() -> StartAt.check(c, TEN.plusSeconds(90))).isInstanceOf(ConfigException.class)
                .hasMessage("the start time 2026-12-07T10:00:00Z (--start-at, load.start-at or LOADGEN_START_AT) was 1m30s ago: "
                        + "the run's 1m were over at 2026-12-07T10:01:00Z; give a time to come, the same for every instance, like 2026-12-07T10:02:30Z");
        StartAt.check(config("--url", "http://127.0.0.1:9/", "--users", "2", "--duration", "1m"), TEN.plusSeconds(3600));
    }

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(said, true, StandardCharsets.UTF_8);

    private String said() {
        return said.toString(StandardCharsets.UTF_8);
    }

    @Test
    void an_early_instance_warms_up_for_what_fits_before_the_start_and_says_when_it_starts() {
        Duration two = Duration.ofSeconds(2);
        assertThat(StartAt.announce(TEN, two, TEN.minusSeconds(30), err)).isEqualTo(two);
        assertThat(said()).isEqualTo("loadgen: the load starts at 2026-12-07T10:00:00Z, in 30.0s (--start-at); Ctrl-C cancels\n");
        said.reset();
        // 5.2 s before: 3 s to set the run up, 1 s for the warm-up's own start and stop, 1.2 s of warming
        assertThat(StartAt.announce(TEN, two, TEN.minusMillis(5200), err)).isEqualTo(Duration.ofMillis(1200));
        assertThat(said()).isEqualTo("loadgen: the load starts at 2026-12-07T10:00:00Z, in 5.2s (--start-at); the self warm-up shortened "
                + "to 1.2s to end before it; Ctrl-C cancels\n");
        said.reset();
        assertThat(StartAt.announce(TEN, two, TEN.minusMillis(4300), err)).isZero();
        assertThat(said()).isEqualTo("loadgen: the load starts at 2026-12-07T10:00:00Z, in 4.3s (--start-at); too soon for the self warm-up, "
                + "so the first seconds may show loadgen's own cold start; Ctrl-C cancels\n");
        said.reset();
        assertThat(StartAt.announce(TEN, Duration.ZERO, TEN.minusMillis(4300), err)).isZero();
        assertThat(said()).doesNotContain("warm");
    }

    @Test
    void a_late_instance_joins_at_once_without_the_self_warm_up() {
        assertThat(StartAt.announce(TEN, Duration.ofSeconds(2), TEN.plusSeconds(3), err)).isZero();
        assertThat(said()).as("the engine says it joined late, in one line").isEmpty();
    }

    @Test
    void the_start_time_falls_as_far_ahead_on_the_run_clock_as_on_the_wall_clock() {
        InstantSource wall = InstantSource.fixed(TEN.minusMillis(1500));
        dev.loadgen.time.Clock clock = new dev.loadgen.time.Clock() {
            @Override
            public long nanoTime() {
                return 42_000_000_000L;
            }

            @Override
            public boolean sleepUntil(long deadlineNanos, java.util.function.BooleanSupplier wakeEarly) {
                throw new UnsupportedOperationException();
            }
        };
        assertThat(StartAt.onClock(TEN, wall, clock)).isEqualTo(43_500_000_000L);
    }
}
