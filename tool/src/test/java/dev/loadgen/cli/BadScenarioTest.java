package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input is one line with its file, line and column, and exit code 2, before anything is
 * started: the run's record of what it started is never even made, so no port is bound, no demo started.
 */
class BadScenarioTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            target: {named: {api: "http://127.0.0.1:9"}}
            users: {account: none, actions: {go: 1}}
            data:
              accounts: {file: accounts.csv}
            actions:
              go:
                - request: POST api /login
                  json: {email: "${accounts.email}"}
                  capture:
                    token: $.token
                - request: GET api /me
                  headers: {Authorization: "Token ${token}"}
            """;

    private record Outcome(int code, String err, boolean started) {}

    private Outcome run(String yaml, String... sets) throws Exception {
        Files.writeString(dir.resolve("accounts.csv"), "email,password\na@x.test,p\n");
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, yaml);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicBoolean started = new AtomicBoolean();
        int code = new Runner(new RunRequest(Optional.of(file), List.of(sets), List.of(), false), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Runner.Seams(Observability.Exporting.OTLP, m -> {}, s -> started.set(true))).run();
        return new Outcome(code, err.toString(StandardCharsets.UTF_8).strip(), started.get());
    }

    private void rejected(String yaml, String message) throws Exception {
        Outcome o = run(yaml, "dashboard.port=18089", "observe.metrics-port=19464");
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).doesNotContain("\n").startsWith("loadgen: " + dir.resolve("scenario.yaml")).contains(message);
        assertThat(o.started()).as("nothing was started").isFalse();
    }

    @Test
    void the_good_scenario_gets_as_far_as_starting() throws Exception {
        Outcome o = run(GOOD, "load.duration=1s", "load.users=1", "dashboard.port=0", "observe.metrics-port=0", "output.quiet=true",
                "output.dir=" + dir.resolve("out"));
        assertThat(o.started()).isTrue();
        assertThat(o.code()).as(o.err()).isEqualTo(3);   // nothing listens on 127.0.0.1:9
        assertThat(o.err()).contains("target api at http://127.0.0.1:9 is unreachable");
    }

    @Test
    void an_undefined_variable() throws Exception {
        rejected(GOOD.replace("Token ${token}", "Token ${tokn}"), "scenario.yaml:12:32: ${tokn} is not defined (did you mean ${token}?)");
    }

    @Test
    void a_malformed_json_path() throws Exception {
        rejected(GOOD.replace("$.token", "$.token[?(@.x"), "scenario.yaml:10:16: '$.token[?(@.x' is not a JSONPath");
    }

    @Test
    void a_missing_data_file() throws Exception {
        rejected(GOOD.replace("accounts.csv", "acounts.csv"), "scenario.yaml:4:20: data 'accounts': file " + dir.resolve("acounts.csv")
                + " does not exist; check the path (relative to the file it is written in)");
    }

    @Test
    void an_unknown_step() throws Exception {
        rejected(GOOD.replace("- request: GET api /me", "- reqest: GET api /me"), "scenario.yaml:11:7: actions.go.1: unknown step with keys "
                + "reqest, headers (did you mean 'request'?)");
    }

    @Test
    void a_check_on_a_step_that_has_no_response() throws Exception {
        rejected(GOOD + "    - pause: 1s\n      check: [{status: 200}]\n",
                "scenario.yaml:14:7: actions.go.2.check: a pause step has no response to check; put it on the request step");
    }

    @Test
    void a_column_the_data_file_does_not_have() throws Exception {
        rejected(GOOD.replace("${accounts.email}", "${accounts.mail}"), "scenario.yaml:8:21: data 'accounts' has no column 'mail' (did you mean 'email'?)");
    }

    @Test
    void a_threshold_on_no_service_and_an_unknown_persona_action() throws Exception {
        rejected(GOOD.replace("actions: {go: 1}", "actions: {goo: 1}"), "users.actions: unknown action 'goo' (did you mean 'go'?)");
        rejected(GOOD + "thresholds: ['apii.p95 < 1s']\n", "no service named 'apii'");
    }

    @Test
    void an_unknown_target() throws Exception {
        rejected(GOOD.replace("GET api /me", "GET apx /me"), "scenario.yaml:11:16: no target named 'apx' (did you mean 'api'?)");
    }

    static void write(Path p, String text) throws IOException {
        Files.writeString(p, text);
    }
}
