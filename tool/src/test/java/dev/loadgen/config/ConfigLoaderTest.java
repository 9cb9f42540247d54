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
    void a_ramp_of_no_users_per_second_is_rejected_and_the_error_says_how_to_start_all_at_once() {
        assertThat(error("load:\n  users: 10\n  ramp: 0/s\n")).isEqualTo(
                "config.yaml:3:9: load.ramp 0/s would start no users; give a rate above 0 like 20/s, or load.ramp-time 0 to start every user at once");
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
    void the_placeholders_configs_config_yaml_documents_for_requests_work_written_as_documented() throws IOException {
        // issue 15: ${user.number} and ${random.int} in requests: were refused as environment references; the
        // environment is still read elsewhere in the file
        RunConfig c = load("target: {auth: '${AUTH_URL}'}\nusers: {actions: {http.item: 1}}\nrequests:\n"
                + "  - {name: item, url: 'http://127.0.0.1:1/items/${user.number}?r=${random.int}&k=${env.API_KEY}'}\n",
                List.of(), List.of(), Map.of("AUTH_URL", "http://127.0.0.1:2"));
        assertThat(c.scenario().actions().get("http.item").steps().getFirst())
                .isInstanceOfSatisfying(dev.loadgen.config.ScenarioSpec.StepSpec.Request.class,
                        r -> assertThat(r.line().value()).isEqualTo("GET http://127.0.0.1:1/items/${user.number}?r=${random.int}&k=${env.API_KEY}"));
        assertThat(c.target().toString()).contains("http://127.0.0.1:2");
    }

    @Test
    void set_reaches_into_lists_and_takes_yaml_values() throws IOException {
        RunConfig c = load("users: {actions: {http.home: 1}}\nrequests:\n  - {name: home, url: 'http://127.0.0.1:1/'}\n",
                List.of("requests.0.method=post", "thresholds=['posts.p95 < 300ms', 'errors.rate < 1%']"), List.of(), Map.of());
        assertThat(c.scenario().actions().get("http.home").steps().getFirst())
                .isInstanceOfSatisfying(dev.loadgen.config.ScenarioSpec.StepSpec.Request.class,
                        r -> assertThat(r.line().value()).isEqualTo("POST http://127.0.0.1:1/"));
        assertThat(c.thresholds()).extracting(Threshold::expression).containsExactly("posts.p95 < 300ms", "errors.rate < 1%");
        assertThatThrownBy(() -> load("", List.of("load.users"), List.of(), Map.of()))
                .hasMessage("--set load.users: write --set key=value, like --set load.users=50");
        assertThatThrownBy(() -> load("", List.of("load.users=x"), List.of(), Map.of()))
                .hasMessage("--set load.users=x: load.users must be a whole number, got 'x'");
    }

    @Test
    void users_actions_make_one_weighted_persona_and_think_overrides() throws IOException {
        RunConfig c = load("users:\n  think: {distribution: uniform, min: 1s, max: 3s}\n  actions:\n    posts: {feed: 3, read: 0}\n");
        assertThat(c.population().personas()).hasSize(1);
        Population.PersonaSpec p = c.population().personas().getFirst();
        assertThat(p.name()).isEqualTo("default");
        assertThat(p.think()).isEqualTo(new Population.ThinkSpec.Uniform(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(((Population.Flow.Weighted) p.flow()).actions()).extracting(Population.ActionWeight::action)
                .containsExactly("posts.feed", "posts.read");
        assertThat(error("users:\n  think: {distribution: gamma}\n")).contains("users.think.distribution must be lognormal");
    }

    @Test
    void a_think_slack_is_none_by_default_and_bounded() throws IOException {
        assertThat(load("").population().thinkSlack()).isZero();
        assertThat(load("users: {think-slack: 2ms}\n").population().thinkSlack()).isEqualTo(Duration.ofMillis(2));
        assertThat(error("users:\n  think-slack: 1s\n")).isEqualTo("config.yaml:2:16: users.think-slack is 1s; at most 20ms (how much "
                + "later than drawn a think may end; 2ms saves most of the CPU, 0 keeps every think exact)");
        assertThat(error("users:\n  think-slack: -2ms\n")).contains("config.yaml:2:16: users.think-slack");
    }

    @Test
    void the_default_mix_is_the_four_built_in_personas() throws IOException {
        RunConfig c = load("");
        assertThat(c.population().personas()).extracting(Population.PersonaSpec::name, Population.PersonaSpec::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lurker", 60.0), org.assertj.core.groups.Tuple.tuple("poster", 20.0),
                        org.assertj.core.groups.Tuple.tuple("chatter", 15.0), org.assertj.core.groups.Tuple.tuple("socialite", 5.0));
        Population.PersonaSpec lurker = c.population().personas().getFirst();
        assertThat(lurker.flow()).isInstanceOf(Population.Flow.Markov.class);
        assertThat(lurker.reading()).contains(new Population.Pace(230, 0.3));
        assertThat(lurker.abandon()).isEqualTo(0.4);
    }

    @Test
    void a_think_override_replaces_every_persona_s_think_reading_and_typing() throws IOException {
        RunConfig c = load("users:\n  think: 0\n  mix: {poster: 1, chatter: 1}\n");
        assertThat(c.population().personas()).allSatisfy(p -> {
            assertThat(p.think()).isEqualTo(new Population.ThinkSpec.Constant(Duration.ZERO));
            assertThat(p.reading()).isEmpty();
            assertThat(p.typing()).isEmpty();
        });
    }

    @Test
    void a_persona_of_one_s_own_with_pacing_and_action_think() throws IOException {
        RunConfig c = load("""
                users:
                  mix: {skimmer: 1}
                personas:
                  skimmer:
                    think: {distribution: pacing, cycle: 10s}
                    action-think: {posts.read: 3s}
                    flow:
                      start: {posts.feed: 1}
                      posts.feed: {posts.read: 0.5, end: 0.5}
                      posts.read: {end: 1}
                """);
        Population.PersonaSpec p = c.population().personas().getFirst();
        assertThat(p.think()).isEqualTo(new Population.ThinkSpec.Pacing(Duration.ofSeconds(10)));
        assertThat(p.actionThink()).containsEntry("posts.read", new Population.ThinkSpec.Constant(Duration.ofSeconds(3)));
    }

    @Test
    void persona_mistakes_are_named_where_they_are() {
        assertThat(error("users:\n  mix: {lurkr: 1}\n")).isEqualTo(
                "config.yaml:2:9: users.mix: no persona named 'lurkr' (did you mean 'lurker'?)");
        assertThat(error("users:\n  mix: {lurker: 1}\n  actions: {posts: {feed: 1}}\n")).contains("users.actions and users.mix both");
        assertThat(error("personas:\n  p:\n    flow:\n      start: {posts.feed: 1}\n")).isEqualTo(
                "config.yaml:4:15: personas.p.flow.start leads to posts.feed, which has no row; add personas.p.flow.posts.feed (where users go after it)");
        assertThat(error("personas:\n  p:\n    flow:\n      start: {posts.feed: 1}\n      posts.feed: {posts.feed: 1}\n"))
                .contains("never reaches end");
        assertThat(error("personas:\n  p:\n    flow:\n      start: {posts.feed: 1.5}\n")).contains("must be between 0.0 and 1.0");
        assertThat(error("personas:\n  p:\n    flow:\n      posts.feed: {end: 1}\n")).contains("personas.p.flow.start is missing");
        assertThat(error("personas:\n  p:\n    think: 1s\n")).contains("needs either flow");
    }

    @Test
    void a_row_that_does_not_sum_to_one_is_normalised_with_a_warning() throws IOException {
        RunConfig c = load("personas:\n  p:\n    flow:\n      start: {posts.feed: 0.3, end: 0.3}\n      posts.feed: {end: 1}\nusers:\n  mix: {p: 1}\n");
        assertThat(c.warnings()).singleElement().asString().contains("personas.p.flow.start sums to 0.6000, not 1");
        Population.Flow.Markov m = (Population.Flow.Markov) c.population().personas().getFirst().flow();
        assertThat(m.rows().get("start")).extracting(Population.Transition::probability).containsExactly(0.5, 0.5);
    }

    @Test
    void a_bad_target_url_says_how_to_write_one() {
        assertThat(error("target:\n  posts: localhost:8083\n")).isEqualTo(
                "config.yaml:2:10: target.posts: 'localhost:8083' is not an http(s) URL; write it like http://127.0.0.1:8083");
    }

    @Test
    void the_response_body_cap_takes_a_size_with_its_unit_and_says_how_to_write_a_bad_one() throws IOException {
        assertThat(load("target:\n  max-response-body: 512KiB\n").target().maxResponseBodyBytes()).isEqualTo(512 * 1024);
        assertThat(load("target:\n  max-response-body: 16MB\n").target().maxResponseBodyBytes()).isEqualTo(16_000_000);
        assertThat(load("target:\n  max-response-body: 65536\n").target().maxResponseBodyBytes()).isEqualTo(65536);
        assertThat(error("target:\n  max-response-body: lots\n")).isEqualTo(
                "config.yaml:2:22: target.max-response-body: 'lots' is not a size; write it like 4MiB, 512KiB or 1048576 (bytes)");
        assertThat(error("target:\n  max-response-body: 2GiB\n")).isEqualTo(
                "config.yaml:2:22: target.max-response-body: 2GiB is out of range; give between 1 KiB and 1 GiB");
    }

    @Test
    void a_missing_file_is_one_line() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml")), List.of(), List.of(), k -> null, () -> 1L))
                .hasMessageContaining("nope.yaml does not exist");
    }

    @Test
    void a_scenario_file_that_is_not_utf8_or_missing_says_so_where_it_is_named() throws IOException {
        Files.write(dir.resolve("latin1.yaml"), "actions: {caf\u00e9: []}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(error("scenario: latin1.yaml\n"))
                .isEqualTo("config.yaml:1:11: scenario file " + dir.resolve("latin1.yaml") + " is not UTF-8 text; save it as UTF-8");
        assertThat(error("scenario: gone.yaml\n")).isEqualTo("config.yaml:1:11: scenario file " + dir.resolve("gone.yaml")
                + " does not exist; check the path (relative to the file it is written in)");
    }

    /** The file may come from --config, or be validate's or try's argument: the message names the file, not a flag. */
    @Test
    void a_config_file_that_is_missing_or_a_folder_is_named_with_the_fix_and_no_flag() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), List.of(), List.of(), k -> null, () -> 1L))
                .hasMessage("config file " + missing + " does not exist; check the path");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(Path.of("no-such-folder/nope.yaml")), List.of(), List.of(), k -> null, () -> 1L))
                .hasMessage("config file no-such-folder/nope.yaml does not exist; check the path (relative to the current folder)");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir), List.of(), List.of(), k -> null, () -> 1L))
                .hasMessage("config file " + dir + " is a folder; give the YAML file itself");
    }

    @Test
    void time_scale_shortens_every_stage_but_keeps_the_targets_and_the_graceful_stop() throws IOException {
        RunConfig c = load("load:\n  stages:\n    - {duration: 10m, target: 100}\n    - {duration: 10m, target: 100}\n"
                + "    - {duration: 20s, target: 0}\n    - {duration: 3s, target: 10}\n    - {duration: 20s, target: 10}\n"
                + "    - {duration: 500ms, target: 10}\n  graceful-stop: 30s\n  time-scale: 0.01\n");
        // a ramp: 6 s; a hold: 6 s; a ramp of 0.2 s: 5 s; a ramp shorter than 5 s: itself; a hold of 0.2 s: 1 s; one shorter: itself
        assertThat(c.load().stages()).containsExactly(new LoadProfile.Stage(Duration.ofSeconds(6), 100),
                new LoadProfile.Stage(Duration.ofSeconds(6), 100), new LoadProfile.Stage(Duration.ofSeconds(5), 0),
                new LoadProfile.Stage(Duration.ofSeconds(3), 10), new LoadProfile.Stage(Duration.ofSeconds(1), 10),
                new LoadProfile.Stage(Duration.ofMillis(500), 10));
        assertThat(c.load().gracefulStop()).isEqualTo(Duration.ofSeconds(30));
        RunConfig open = load("load:\n  rate: 20/s\n  duration: 10m\n  ramp-time: 1m\n", List.of("load.time-scale=0.1"), List.of(), Map.of());
        assertThat(open.load().stages()).containsExactly(new LoadProfile.Stage(Duration.ofSeconds(6), 20),
                new LoadProfile.Stage(Duration.ofSeconds(54), 20));
        assertThat(error("load:\n  time-scale: 0\n")).isEqualTo(
                "config.yaml:2:15: load.time-scale must be above 0, like 0.05 to run a twentieth of every duration");
        assertThat(error("load:\n  time-scale: fast\n")).isEqualTo("config.yaml:2:15: load.time-scale must be a number, got 'fast'");
    }
}
