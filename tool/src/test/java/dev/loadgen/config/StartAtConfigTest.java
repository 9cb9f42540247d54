package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code load.start-at}, {@code --start-at} and {@code LOADGEN_START_AT}: the moment every instance of a run begins. */
class StartAtConfigTest {
    private static final Instant TEN = Instant.parse("2026-12-07T10:00:00Z");

    private static Optional<Instant> startAt(List<String> sets, List<ConfigLoader.FlagValue> flags, Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), sets, flags, env::get, () -> 1L).startAt();
    }

    private static Optional<Instant> set(String value) {
        return startAt(List.of("load.start-at=" + value), List.of(), Map.of());
    }

    private static String error(String value) {
        try {
            set(value);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error for " + value);
    }

    @Test
    void rfc_3339_with_any_offset_and_epoch_seconds_name_the_same_moment() {
        assertThat(set("2026-12-07T10:00:00Z")).contains(TEN);
        assertThat(set("2026-12-07T11:00:00+01:00")).contains(TEN);
        assertThat(set("2026-12-07t10:00:00z")).contains(TEN);
        assertThat(set("'2026-12-07 10:00:00Z'")).contains(TEN);
        assertThat(set("2026-12-07T10:00:00.250Z")).contains(TEN.plusMillis(250));
        assertThat(set("1796637600")).contains(TEN);
        assertThat(set("1796637600.5")).contains(TEN.plusMillis(500));
    }

    @Test
    void without_one_the_run_starts_when_it_is_ready() {
        assertThat(startAt(List.of(), List.of(), Map.of())).isEmpty();
        // ${LOADGEN_START_AT:-} in a file gives an empty value when the variable is unset
        assertThat(set("''")).isEmpty();
    }

    @Test
    void loadgen_start_at_from_the_environment_gives_it_when_neither_flag_nor_config_does() {
        assertThat(startAt(List.of(), List.of(), Map.of("LOADGEN_START_AT", "1796637600"))).contains(TEN);
        assertThat(startAt(List.of(), List.of(), Map.of("LOADGEN_START_AT", " "))).isEmpty();
        assertThat(startAt(List.of("load.start-at=2026-12-07T10:00:05Z"), List.of(), Map.of("LOADGEN_START_AT", "1796637600")))
                .contains(TEN.plusSeconds(5));
        assertThat(startAt(List.of("load.start-at=2026-12-07T10:00:05Z"),
                List.of(ConfigLoader.FlagValue.of("load.start-at", "2026-12-07T10:00:09Z", "--start-at")), Map.of()))
                .contains(TEN.plusSeconds(9));
    }

    @Test
    void a_time_that_is_not_one_is_one_line_naming_the_forms() {
        assertThat(error("next-minute")).isEqualTo("--set load.start-at=next-minute: load.start-at: 'next-minute' is not a time; write it in "
                + "RFC 3339, like 2026-12-07T10:00:00Z, or in seconds since 1970, like 1796637600 (date +%s)");
        assertThat(error("2026-13-07T10:00:00Z")).contains("'2026-13-07T10:00:00Z' is not a time");
        assertThatThrownBy(() -> startAt(List.of(), List.of(), Map.of("LOADGEN_START_AT", "soon")))
                .hasMessage("LOADGEN_START_AT: load.start-at: 'soon' is not a time; write it in RFC 3339, like 2026-12-07T10:00:00Z, "
                        + "or in seconds since 1970, like 1796637600 (date +%s)");
    }

    @Test
    void a_time_without_its_offset_is_refused_as_each_instance_would_read_it_in_its_own_zone() {
        assertThat(error("2026-12-07T10:00:00")).isEqualTo("--set load.start-at=2026-12-07T10:00:00: load.start-at: '2026-12-07T10:00:00' "
                + "has no time zone; add Z for UTC or the offset, like 2026-12-07T10:00:00Z or 2026-12-07T10:00:00+01:00");
    }
}
