package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code loadgen validate} and {@code loadgen try}, as a person writing a scenario uses them. */
class AuthoringIT {
    private static final Path DEMO = Path.of("../configs/demo-scenario.yaml");
    private static final Path SHELF = Path.of("src/test/resources/scenarios/shelf.yaml");

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private static Result validate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result tryIt(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new TryCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validate_accounts_for_a_good_scenario_and_names_the_place_of_a_bad_one() throws Exception {
        Result ok = validate(DEMO.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("ok: 24 actions in use, 4 personas (lurker, poster, chatter, socialite), 0 data files, 1 sockets, login by auth.login");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(DEMO).replace("capture: {id: $.id}", "capture: {id: $.id}\n      check: [{json: $.idd, equals: \"${idd}\"}]"));
        Result no = validate(bad.toString());
        assertThat(no.code()).isEqualTo(2);
        assertThat(no.err().strip()).doesNotContain("\n").startsWith("loadgen validate: " + bad + ":").contains("${idd} is not defined (did you mean ${id}?)");
    }

    @Test
    void try_runs_one_user_through_its_persona_showing_every_exchange_with_secrets_redacted() {
        Result r = tryIt(DEMO.toString(), "--persona", "poster");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("persona poster, user 1", "== posts.feed", "== posts.create", "== posts.edit", "== posts.delete")
                .contains("-> POST http://127.0.0.1:").contains("/auth/register")
                .contains("\"password\":\"(redacted)\"").contains("accessToken = (redacted)").contains("refreshToken = (redacted)")
                .contains("Authorization: (redacted)").contains("<- 201 ok").contains("== end of the session (log out)")
                .contains("every request and check passed, nothing skipped");
        assertThat(r.out()).doesNotContainPattern("\"password\":\"[A-Za-z0-9]{14}\"");
    }

    @Test
    void try_says_what_failed_and_exits_1() throws Exception {
        try (Shelf shelf = new Shelf()) {
            Path broken = dir.resolve("shelf.yaml");
            Files.writeString(broken, Files.readString(SHELF).replace("equals: \"${title}\"", "equals: \"not ${title}\""));
            Result r = tryIt(broken.toString(), "--persona", "writer", "--set", "target.named.shelf=" + shelf.url());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("check 'json $.book.title = not ${title}': FAILED").contains("<- 201 check_failed")
                    .contains("failed or skipped (see above)");
            // a check's verdict follows the response it was judged on
            assertThat(r.out().indexOf("<- 201 check_failed")).isLessThan(r.out().indexOf("check 'json $.book.title = not ${title}': FAILED"));
        }
    }
}
