package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's first stage: what it accepts and the one line it gives for what it does not. */
class RunPlanTest {
    @TempDir
    Path dir;

    private RunPlan plan(String thresholds) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                target: {named: {api: "http://127.0.0.1:9"}}
                users: {account: none, actions: {go: 1}}
                actions:
                  go:
                    - request: GET api /me
                thresholds: %s
                """.formatted(thresholds));
        return RunPlan.resolve(new RunRequest(Optional.of(f), List.of(), List.of(), false), Map.<String, String>of()::get);
    }

    @Test
    void every_scope_the_threshold_error_lists_is_accepted() throws IOException {
        assertThatThrownBy(() -> plan("['apii.p95 < 1s']")).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith(": threshold 'apii.p95 < 1s': no service named 'apii' (did you mean 'api'?); use one of all, http, ws, "
                        + "auth, users, posts, chat, api, or an endpoint as [METHOD /path]");
        for (String scope : List.of("all", "http", "ws", "auth", "users", "posts", "chat", "api")) {
            assertThat(plan("['" + scope + ".p95 < 1s']").config().thresholds()).singleElement()
                    .satisfies(t -> assertThat(t.scope()).isEqualTo(scope));
        }
    }
}
