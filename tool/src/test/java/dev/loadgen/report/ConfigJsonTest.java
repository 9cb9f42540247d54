package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json: the configuration the run used, defaults included, and never a secret. */
class ConfigJsonTest {
    @TempDir
    Path dir;

    private JsonNode written(String yaml) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        RunConfig c = ConfigLoader.load(Optional.of(f), List.of(), List.of(), Map.of("TOKEN", "env-s3cret-value")::get, () -> 5L);
        ConfigJson.write(c, dir);
        return IntervalJson.JSON.readTree(dir.resolve(ConfigJson.FILE).toFile());
    }

    @Test
    void the_whole_effective_config_is_written_with_yaml_names_and_readable_values() throws IOException {
        JsonNode n = written("load:\n  users: 20\n  duration: 2m\n");
        assertThat(n.path("load").path("model").asText()).isEqualTo("closed");
        assertThat(n.path("load").path("graceful-stop").asText()).isEqualTo("30s");
        assertThat(n.path("load").path("segment").asText()).isEqualTo("0/1");
        assertThat(n.path("population").path("gap").path("distribution").asText()).isEqualTo("lognormal");
        assertThat(n.path("population").path("gap").path("p95").asText()).isEqualTo("30s");
        assertThat(n.path("population").path("personas")).extracting(p -> p.path("name").asText())
                .containsExactlyInAnyOrder("lurker", "poster", "chatter", "socialite");
        assertThat(n.path("dashboard").path("port").asInt()).isEqualTo(8089);
        assertThat(n.path("seed").asLong()).isEqualTo(5);
    }

    @Test
    void secrets_are_redacted_wherever_they_sit() throws IOException {
        String text = Files.readString(writtenPath("""
                target:
                  posts: http://admin:hunter2-pw@127.0.0.1:9000
                dashboard:
                  token: ${TOKEN}
                users: {account: none, actions: {http.login: 1}}
                requests:
                  - name: login
                    method: POST
                    url: http://127.0.0.1:9000/login?user=a&api_key=k3y-value&page=2
                    headers: {Authorization: "Bearer abc.def.ghi", X-Trace: keep-me}
                    body: '{"username": "bob", "password": "pa55-word", "client_secret": "c-s3cret"}'
                """));
        assertThat(text).doesNotContain("env-s3cret-value").doesNotContain("hunter2-pw").doesNotContain("k3y-value")
                .doesNotContain("abc.def.ghi").doesNotContain("pa55-word").doesNotContain("c-s3cret");
        JsonNode n = IntervalJson.JSON.readTree(text);
        assertThat(n.path("dashboard").path("token").asText()).isEqualTo("(redacted)");
        JsonNode req = n.path("scenario").path("actions").path("http.login").path("steps").get(0);
        assertThat(req.path("step").asText()).isEqualTo("request");
        assertThat(req.path("headers").path("Authorization").asText()).isEqualTo("(redacted)");
        assertThat(req.path("headers").path("X-Trace").asText()).isEqualTo("keep-me");
        assertThat(req.path("line").asText()).isEqualTo("POST http://127.0.0.1:9000/login?user=a&api_key=(redacted)&page=2");
        assertThat(req.path("body").path("text").asText())
                .isEqualTo("{\"username\": \"bob\", \"password\": \"(redacted)\", \"client_secret\": \"(redacted)\"}");
        assertThat(n.path("target").path("services").path("posts").asText()).isEqualTo("http://admin:(redacted)@127.0.0.1:9000");
    }

    @Test
    void no_token_is_written_as_null_not_as_redacted() throws IOException {
        assertThat(written("{}").path("dashboard").path("token").isNull()).isTrue();
    }

    @Test
    void a_value_other_than_its_default_is_written_even_when_it_is_false_or_empty() throws IOException {
        JsonNode n = written("""
                actions:
                  feed:
                    - request: GET posts /feed
                      check:
                        - {json: $.error, exists: false}
                        - {json: $.items}
                auth: {login: feed, relogin-on: []}
                users: {account: none, actions: {feed: 1}}
                """).path("scenario");
        JsonNode checks = n.path("actions").path("feed").path("steps").get(0).path("checks");
        assertThat(checks.get(0).path("exists").isBoolean()).isTrue();
        assertThat(checks.get(0).path("exists").asBoolean()).isFalse();
        assertThat(checks.get(1).has("exists")).isFalse();
        assertThat(n.path("auth").path("relogin-on").isArray()).isTrue();
        assertThat(n.path("auth").path("relogin-on")).isEmpty();
    }

    /** Pins ConfigJson's table of defaults to the binders': each part here leaves out every key it may. */
    @Test
    void a_scenario_part_that_leaves_its_keys_out_is_written_with_only_what_it_says() throws IOException {
        JsonNode n = written("""
                actions:
                  feed:
                    - request: GET posts /feed
                      capture: {id: {header: Location}}
                      check:
                        - {json: $.items}
                auth: {login: feed}
                variables: {seen: {}}
                pools: {posts: {}}
                data: {people: {file: people.csv}}
                sockets: {chat: {url: chat /ws, track: {id: id, group: room}}}
                users: {account: none, actions: {feed: 1}}
                """).path("scenario");
        JsonNode step = n.path("actions").path("feed").path("steps").get(0);
        assertThat(fields(step.path("common"))).isEmpty();
        assertThat(fields(step.path("checks").get(0))).containsExactly("kind", "subject");
        assertThat(fields(step.path("captures").get(0))).containsExactly("variable", "from", "expression", "group");
        assertThat(fields(n.path("auth"))).containsExactly("login", "refresh-before");
        assertThat(fields(n.path("variables").path("seen"))).containsExactly("name", "list");
        assertThat(fields(n.path("pools").path("posts"))).containsExactly("name", "size");
        assertThat(fields(n.path("data").path("people"))).containsExactly("name", "file", "order");
        assertThat(fields(n.path("sockets").path("chat")))
                .containsExactly("name", "url", "type-field", "backoff-min", "backoff-max", "track");
        assertThat(fields(n.path("sockets").path("chat").path("track"))).containsExactly("id-field", "group-field", "timeout");
    }

    @Test
    void a_merge_carries_the_scenario_over_as_written() throws IOException {
        written("""
                actions:
                  feed:
                    - request: GET posts /feed
                      check:
                        - {json: $.error, exists: false}
                auth: {login: feed, relogin-on: []}
                users: {account: none, actions: {feed: 1}}
                """);
        Path run = RecordedRuns.record(new Metrics(), new WsCounters(), List.of());
        Files.copy(dir.resolve(ConfigJson.FILE), run.resolve(ConfigJson.FILE), StandardCopyOption.REPLACE_EXISTING);
        Path out = dir.resolve("merged");
        ResultsMerge.merge(List.of(run), out);
        JsonNode before = IntervalJson.JSON.readTree(run.resolve(ConfigJson.FILE).toFile());
        JsonNode after = IntervalJson.JSON.readTree(out.resolve(ConfigJson.FILE).toFile());
        assertThat(after.path("scenario")).isEqualTo(before.path("scenario"));
        assertThat(after.path("scenario").path("actions").path("feed").path("steps").get(0).path("checks").get(0)
                .path("exists").asBoolean(true)).isFalse();
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private Path writtenPath(String yaml) throws IOException {
        written(yaml);
        return dir.resolve(ConfigJson.FILE);
    }
}
