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

    @Test
    void a_url_that_is_not_http_is_refused_when_the_plan_is_made_before_anything_is_probed() {
        // the plan comes before the reachability probe: an ftp:// URL is bad usage (exit 2), not an unreachable target (3)
        assertThatThrownBy(() -> url("--url", "ftp://x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ftp://x' is not a URL (not an http(s) URL with a host)");
        assertThatThrownBy(() -> url("--url", "http://127.0.0.1:9/", "--ramp", "0/s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("would start no users");
    }

    private static int sessionActions(RunPlan p) {
        return ((dev.loadgen.config.Population.Flow.Weighted) p.config().population().personas().getFirst().flow()).meanActions();
    }

    @Test
    void with_url_an_arrival_of_the_open_model_is_one_request_and_a_closed_users_session_never_ends_unless_told() {
        String u = "http://127.0.0.1:9/";
        assertThat(sessionActions(url("--url", u, "--users", "5"))).isZero();
        assertThat(sessionActions(url("--url", u, "--rate", "100/s"))).isEqualTo(1);
        assertThat(sessionActions(url("--url", u, "--rate", "100/s", "--set", "users.session.actions=4"))).isEqualTo(4);
        assertThat(sessionActions(url("--url", u, "--users", "5", "--set", "users.session.actions=3"))).isEqualTo(3);
        assertThat(sessionActions(url("--url", u, "--set", "load.model=open", "--set", "load.rate=10/s"))).isEqualTo(1);
        assertThat(url("--url", u, "--rate", "100/s").config().target().sharedConnections()).isTrue();
        assertThat(url("--url", u, "--users", "5").config().target().sharedConnections()).isFalse();
        assertThat(url("--url", u, "--rate", "100/s", "--set", "target.connections=per-user").config().target().sharedConnections()).isFalse();
    }

    @Test
    void a_set_that_url_would_override_is_refused_not_lost() {
        assertThatThrownBy(() -> url("--url", "http://127.0.0.1:9/", "--rate", "10/s", "--set", "users.actions=1")).isInstanceOf(ConfigException.class)
                .hasMessage("--set users.actions=1: --set users.actions would be lost: --url sets users.actions; drop the --set, "
                        + "or write the whole scenario in a config file instead of --url");
        assertThatThrownBy(() -> url("--url", "http://127.0.0.1:9/", "--set", "requests.0.method=POST")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--url sets requests");
    }

    private static RunPlan url(String... args) {
        Main m = new Main();
        new picocli.CommandLine(m).parseArgs(args);
        return RunPlan.resolve(RunRequest.from(m), Map.<String, String>of()::get);
    }

    private static java.time.Duration firstStage(RunPlan p) {
        return p.config().load().stages().getFirst().duration();
    }

    @Test
    void url_users_start_over_one_think_time_unless_a_ramp_is_given() {
        String u = "http://127.0.0.1:9/";
        // evenly over one think time, so they do not send in step; with no think time, all at once as wrk -c N
        assertThat(firstStage(url("--url", u, "--users", "500", "--think", "2s", "--duration", "20s"))).hasSeconds(2);
        assertThat(firstStage(url("--url", u, "--users", "20", "--think", "0", "--duration", "20s"))).isZero();
        // the default think time's median, at most a quarter of the run
        assertThat(firstStage(url("--url", u, "--users", "50"))).hasSeconds(2);
        assertThat(firstStage(url("--url", u, "--users", "50", "--think", "5s", "--duration", "8s"))).hasSeconds(2);
        assertThat(firstStage(url("--url", u, "--users", "50", "--think", "2s", "--ramp-time", "0"))).isZero();
        assertThat(firstStage(url("--url", u, "--users", "50", "--think", "2s", "--ramp", "100/s"))).isEqualTo(java.time.Duration.ofMillis(500));
    }

    @Test
    void the_self_warm_up_is_two_seconds_unless_told_and_at_most_a_minute() {
        assertThat(url("--url", "http://127.0.0.1:9/").config().selfWarm()).hasSeconds(2);
        assertThat(url("--url", "http://127.0.0.1:9/", "--self-warm", "0").config().selfWarm()).isZero();
        assertThatThrownBy(() -> url("--url", "http://127.0.0.1:9/", "--self-warm", "5m")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("self-warm 5m is longer than loadgen needs to warm its code (about 2s); give 0 to 60s, 0 to turn it off");
    }

    @Test
    void the_warm_up_is_the_loads_first_part_and_must_leave_some_of_it() {
        assertThat(url("--url", "http://127.0.0.1:9/", "--duration", "1m", "--warm-up", "10s").config().warmUp()).hasSeconds(10);
        assertThat(url("--url", "http://127.0.0.1:9/").config().warmUp()).isZero();
        assertThatThrownBy(() -> url("--url", "http://127.0.0.1:9/", "--duration", "30s", "--warm-up", "30s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("warm-up 30s leaves nothing of the load (30s) to measure; the warm-up is the load's first part: make it "
                        + "shorter than --duration");
    }
}
