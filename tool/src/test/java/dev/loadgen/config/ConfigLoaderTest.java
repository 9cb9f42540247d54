package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private RunConfig load(String yaml, List<String> sets, List<ConfigLoader.FlagValue> flags, Map<String, String> env) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), sets, flags, env::get, () -> 7L);
    }

    private RunConfig load(String yaml) throws IOException {
        return load(yaml, List.of(), List.of(), Map.of());
    }

    private String error(String yaml) {
        Path f = dir.resolve("config.yaml");
        try {
            Files.writeString(f, yaml);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        try {
            ConfigLoader.load(Optional.of(f), List.of(), List.of(), k -> null, () -> 7L);
        } catch (ConfigException e) {
            return e.getMessage().replace(f.toString(), "config.yaml");
        }
        throw new AssertionError("no error for: " + yaml);
    }

    @Test
    void defaults_are_a_ten_user_closed_run_of_one_minute_ramped_at_ten_per_second() {
        RunConfig c = ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 99L);
        assertThat(c.load()).isInstanceOf(LoadProfile.Closed.class);
        assertThat(c.load().stages()).containsExactly(
                new LoadProfile.Stage(Duration.ofSeconds(1), 10), new LoadProfile.Stage(Duration.ofSeconds(59), 10));
        assertThat(c.load().gracefulStop()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.seed()).isEqualTo(99L);
        assertThat(c.target().noBuiltInTarget()).isTrue();
    }

    @Test
    void flags_beat_set_which_beats_the_file() throws IOException {
        RunConfig c = load("load:\n  users: 5\n  duration: 2m\n  ramp: 5/s\n",
                List.of("load.users=20", "load.duration=3m"),
                List.of(ConfigLoader.FlagValue.of("load.users", "40", "--users")), Map.of());
        assertThat(((LoadProfile.Closed) c.load()).peakUsers()).isEqualTo(40);
        assertThat(c.load().duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.load().stages().getFirst().duration()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void environment_variables_are_interpolated_with_fallbacks() throws IOException {
        RunConfig c = load("target:\n  posts: ${POSTS_URL}\n  users: ${USERS_URL:-http://127.0.0.1:8082}\n",
                List.of(), List.of(), Map.of("POSTS_URL", "http://10.0.0.5:8083/"));
        assertThat(c.target().service("posts").orElseThrow()).hasToString("http://10.0.0.5:8083");
        assertThat(c.target().service("users").orElseThrow()).hasToString("http://127.0.0.1:8082");
    }

    @Test
    void an_unset_environment_variable_names_the_variable_and_the_place() {
        assertThat(error("target:\n  posts: ${POSTS_URL}\n")).isEqualTo(
                "config.yaml:2:10: environment variable POSTS_URL is not set; set it or write ${POSTS_URL:-fallback}");
    }

    @Test
    void an_unknown_key_suggests_the_nearest_one() {
        assertThat(error("load:\n  usres: 5\n")).isEqualTo(
                "config.yaml:2:3: unknown key 'load.usres' (did you mean 'load.users'?)");
        assertThat(error("lod:\n  users: 5\n")).startsWith("config.yaml:1:1: unknown key 'lod' (did you mean 'load'?)");
    }

    @Test
    void a_yaml_syntax_error_gives_line_and_column() {
        assertThat(error("load:\n  users: 5\n   duration: [1m\n")).isEqualTo("config.yaml:3:12: YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void a_wrong_type_names_the_key_and_the_value() {
        assertThat(error("load:\n  users: ten\n")).isEqualTo("config.yaml:2:10: load.users must be a whole number, got 'ten'");
        assertThat(error("load:\n  users: -1\n")).isEqualTo("config.yaml:2:10: load.users must be at least 1, got -1");
        assertThat(error("load:\n  duration: 30x\n")).isEqualTo(
                "config.yaml:2:13: load.duration: '30x' is not a duration; write it like 30s, 5m, 1h30m or 250ms");
        assertThat(error("load:\n  ramp: fast\n")).isEqualTo(
                "config.yaml:2:9: load.ramp: 'fast' is not a rate; write it like 20/s or 1200/m");
        assertThat(error("load: [1, 2]\n")).isEqualTo("config.yaml:1:7: load must be a map of settings, found a list");
    }

    @Test
    void a_duplicate_key_is_an_error() {
        assertThat(error("load:\n  users: 1\n  users: 2\n")).contains("duplicate key 'users'");
    }

    @Test
    void a_ramp_longer_than_the_duration_is_rejected() {
        assertThat(error("load:\n  users: 100\n  ramp: 1/s\n  duration: 30s\n"))
                .contains("the ramp (1m40s to start 100 users) is longer than load.duration 30s");
    }

    @Test
    void the_open_model_takes_rate_arrivals_and_cap() throws IOException {
        RunConfig c = load("load:\n  rate: 1200/m\n  arrivals: constant\n  max-users: 50\n  duration: 10s\n  ramp-time: 2s\n");
        LoadProfile.Open open = (LoadProfile.Open) c.load();
        assertThat(open.arrivals()).isEqualTo(LoadProfile.Arrivals.CONSTANT);
        assertThat(open.maxUsers()).isEqualTo(50);
        assertThat(open.startRate()).isZero();
        assertThat(open.stages()).containsExactly(new LoadProfile.Stage(Duration.ofSeconds(2), 20),
                new LoadProfile.Stage(Duration.ofSeconds(8), 20));
    }

    @Test
    void closed_only_and_open_only_keys_are_not_mixed() {
        assertThat(error("load:\n  rate: 5/s\n  users: 3\n")).contains("load.users belongs to the closed model");
        assertThat(error("load:\n  users: 3\n  max-users: 3\n")).contains("load.max-users belongs to the open model");
    }

    @Test
    void stages_give_the_whole_shape() throws IOException {
        RunConfig c = load("load:\n  stages:\n    - {duration: 1m, target: 100}\n    - {duration: 30s, target: 0}\n");
        assertThat(c.load().stages()).containsExactly(new LoadProfile.Stage(Duration.ofMinutes(1), 100),
                new LoadProfile.Stage(Duration.ofSeconds(30), 0));
        assertThat(error("load:\n  users: 4\n  stages:\n    - {duration: 1m, target: 100}\n"))
                .contains("load.users cannot be combined with load.stages");
        assertThat(error("load:\n  stages:\n    - {duration: 1m}\n")).contains("load.stages.0.target is missing");
    }

    @Test
    void set_reaches_into_lists_and_takes_yaml_values() throws IOException {
        RunConfig c = load("requests:\n  - {name: home, url: 'http://127.0.0.1:1/'}\n",
                List.of("requests.0.method=post", "thresholds=['posts.p95 < 300ms', 'errors.rate < 1%']"), List.of(), Map.of());
        assertThat(c.requests().getFirst().method()).isEqualTo("POST");
        assertThat(c.thresholds()).extracting(Threshold::expression).containsExactly("posts.p95 < 300ms", "errors.rate < 1%");
        assertThatThrownBy(() -> load("", List.of("load.users"), List.of(), Map.of()))
                .hasMessage("--set load.users: write --set key=value, like --set load.users=50");
        assertThatThrownBy(() -> load("", List.of("load.users=x"), List.of(), Map.of()))
                .hasMessage("--set load.users=x: load.users must be a whole number, got 'x'");
    }

    @Test
    void think_times_and_action_weights_are_read() throws IOException {
        RunConfig c = load("users:\n  think: {distribution: uniform, min: 1s, max: 3s}\n  actions:\n    posts: {feed: 3, read: 0}\n");
        assertThat(c.population().think()).isEqualTo(new Population.ThinkSpec.Uniform(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(c.population().actions()).extracting(Population.ActionWeight::action).containsExactly("posts.feed", "posts.read");
        assertThat(error("users:\n  think: {distribution: gamma}\n")).contains("users.think.distribution must be lognormal");
    }

    @Test
    void a_bad_target_url_says_how_to_write_one() {
        assertThat(error("target:\n  posts: localhost:8083\n")).isEqualTo(
                "config.yaml:2:10: target.posts: 'localhost:8083' is not an http(s) URL; write it like http://127.0.0.1:8083");
    }

    @Test
    void a_missing_file_is_one_line() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), List.of(), List.of(), k -> null, () -> 1L))
                .hasMessageContaining("nope.yaml does not exist");
    }
}
