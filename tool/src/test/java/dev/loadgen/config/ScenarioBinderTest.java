package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario sections as the binders read them, and their one-line errors. */
class ScenarioBinderTest {
    @TempDir
    Path dir;

    private ScenarioSpec scenario(String yaml) {
        return ConfigLoader.load(Optional.of(file(yaml)), List.of(), List.of(), Map.<String, String>of()::get, () -> 7L).scenario();
    }

    private String error(String yaml) {
        Path f = file(yaml);
        try {
            ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 7L);
        } catch (ConfigException e) {
            return e.getMessage().replace(f.toString(), "config.yaml");
        }
        throw new AssertionError("no error for: " + yaml);
    }

    private Path file(String yaml) {
        Path f = dir.resolve("config.yaml");
        try {
            Files.writeString(f, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    @Test
    void a_pool_s_values_are_fixed_text_with_n_numbering_a_count() {
        ScenarioSpec s = scenario("""
                pools:
                  rooms: {count: 3, value: "room-${n}"}
                  tags: {values: [news, "$${literal}"]}
                """);
        assertThat(s.pools().get("rooms").values()).containsExactly("room-1", "room-2", "room-3");
        assertThat(s.pools().get("tags").values()).containsExactly("news", "${literal}");
    }

    @Test
    void a_template_in_a_pool_s_values_is_an_error_at_its_place_not_a_literal() {
        assertThat(error("""
                pools:
                  tags: {values: [news, "${region}-a"]}
                """)).isEqualTo("config.yaml:2:25: pools.tags.values: '${region}-a' has a ${...}, but a pool's values are shared "
                + "by every user, not templates; write the value itself (or $${ for a literal ${)");
        assertThat(error("""
                pools:
                  rooms: {count: 2, value: "room-${i}"}
                """)).isEqualTo("config.yaml:2:28: pools.rooms.value: 'room-${i}' has a ${...} other than ${n}, but a pool's values "
                + "are shared by every user, not templates; write it like room-${n} (${n} is the number from 1 to count; $${ is a literal ${)");
    }

    @Test
    void a_step_written_as_text_shows_it_written_as_a_map() {
        String head = "users: {account: none, actions: {feed: 1}}\nactions:\n  feed:\n";
        assertThat(error(head + "    - GET posts /feed\n")).isEqualTo("config.yaml:4:7: actions.feed.0: 'GET posts /feed' is text, "
                + "but a step is a map with its kind as the key; write it as a map: - request: GET posts /feed");
        assertThat(error(head + "    - request: GET posts /feed\n    - request GET /x\n")).endsWith("actions.feed.1: 'request GET /x' "
                + "is text, but a step is a map with its kind as the key; write it as a map: - request: GET /x");
        assertThat(error(head + "    - pause 2s\n")).endsWith("write it as a map: - pause: 2s");
        assertThat(error(head + "    - feed\n")).endsWith("write it as a map: - request: GET posts /feed (a step is one of request, "
                + "ws-open, ws-send, ws-await, ws-close, pause, read, type, set, remember, forget, publish, pick, instead, steps)");
    }

    @Test
    void a_scenario_name_and_a_condition_take_the_same_names() {
        ScenarioSpec s = scenario("""
                users: {account: none, actions: {_go.v-2: 1}}
                variables: {_seen.v-2: {}}
                actions:
                  _go.v-2:
                    - request: GET posts /feed
                      if: "!_seen.v-2"
                """);
        assertThat(s.actions()).containsOnlyKeys("_go.v-2");
        assertThat(s.variables()).containsOnlyKeys("_seen.v-2");
        assertThat(error("pools: {9lives: {}}\n"))
                .isEqualTo("config.yaml:1:9: pools.9lives: a name is letters, digits, '_', '-' and '.', starting with a letter or '_'");
        assertThat(error("users: {account: none, actions: {go: 1}}\nactions:\n  go:\n    - request: GET posts /feed\n      if: 9lives\n"))
                .startsWith("config.yaml:5:11: actions.go.0.if: '9lives' is not a condition");
    }
}
