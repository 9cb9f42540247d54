package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `loadgen report DIR`: rebuilds report.html from a results folder, or says in one line why it cannot. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int report(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "report";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void a_results_folder_gets_its_report_back() throws Exception {
        dev.loadgen.report.HtmlReportTestAccess.resultsFolder(dir);
        assertThat(report(dir.toString())).isZero();
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(out.toString().strip()).isEqualTo("report: " + dir.resolve("report.html"));
    }

    @Test
    void a_folder_that_is_not_a_run_s_results_is_a_usage_error() throws Exception {
        assertThat(report(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("loadgen: report: " + dir.resolve("missing") + " is not a folder; give the results folder of a run");
        err.getBuffer().setLength(0);
        Files.writeString(dir.resolve("summary.json"), "{}");
        assertThat(report(dir.toString())).isEqualTo(2);
        assertThat(err.toString().strip().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("loadgen: report: " + dir + " has no timeline.jsonl"));
        assertThat(dir.resolve("report.html")).doesNotExist();
    }
}
