package dev.loadgen.cli;

import dev.loadgen.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loadgen report DIR}: renders {@code DIR/report.html} again from the results folder alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Renders report.html again from a results folder (summary.json, timeline.jsonl, config.json).",
            "Nothing is run and nothing but report.html is written."},
        footer = {"", "Example:", "  loadgen report results/2026-11-29T10-00-00/"})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The results folder of a loadgen run.")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println("loadgen: report: " + dir + " is not a folder; give the results folder of a run");
            return ExitCodes.BAD_USAGE;
        }
        try {
            Path out = HtmlReport.write(dir);
            spec.commandLine().getOut().println("report: " + out);
            return ExitCodes.OK;
        } catch (HtmlReport.MissingInput e) {
            spec.commandLine().getErr().println("loadgen: report: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("loadgen: report: cannot write " + dir.resolve(HtmlReport.FILE) + ": " + e.getMessage());
            return ExitCodes.ABORTED;
        }
    }
}
