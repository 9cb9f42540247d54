package dev.loadgen.cli;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Values;
import dev.loadgen.report.Compare;
import dev.loadgen.report.ResultsException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadgen compare BASE NEW}: is the new run slower than the base one, beyond chance (docs/compare.md)?
 * Exit codes: 0 no row worse, 1 some row worse, 2 bad folders or options.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare two runs' results folders: per endpoint and in all, the change of p50, p95, p99, mean latency, "
                + "error rate and throughput, each with a confidence interval (a bootstrap over seconds), and a verdict: worse, "
                + "better, or no significant change."},
        footer = {"", "Examples:",
            "  loadgen compare results/main results/branch",
            "  loadgen compare results/main results/branch --margin 10% --json compare.json --html compare.html"})
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The results folder of the run to compare with (the last good build).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The results folder of the run under test.")
    Path next;

    @Option(names = "--level", paramLabel = "PERCENT", description = "Confidence level of the whole table. Default: 95%%.")
    String level = "95%";

    @Option(names = "--margin", paramLabel = "PERCENT",
            description = "The least change of a latency or of throughput that counts as worse or better. Default: 5%%.")
    String margin = "5%";

    @Option(names = "--error-margin", paramLabel = "POINTS",
            description = "The least change of the error rate, in percentage points, that counts. Default: 0.1.")
    double errorMargin = 0.1;

    @Option(names = "--resamples", paramLabel = "N", description = "Bootstrap resamples. Default: 1000.")
    int resamples = 1000;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the comparison as JSON to FILE.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the comparison as a page to FILE: both runs' latency over time, overlaid, and the table.")
    Path html;

    private final PrintStream stdout;
    private final PrintStream stderr;

    public CompareCommand() {
        this(System.out, System.err);
    }

    CompareCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        double lvl;
        double mrg;
        try {
            lvl = Values.fraction(level, Origin.flag("--level " + level), "level");
            mrg = Values.fraction(margin, Origin.flag("--margin " + margin), "margin");
        } catch (ConfigException e) {
            stderr.println("loadgen compare: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        if (lvl < 0.5 || lvl >= 1) {
            stderr.println("loadgen compare: --level " + level + " is out of range; give 50% to 99.99% (95% is the default)");
            return ExitCodes.BAD_USAGE;
        }
        if (resamples < 100 || resamples > 100_000) {
            stderr.println("loadgen compare: --resamples " + resamples + " is out of range; give 100 to 100000 (1000 is the default)");
            return ExitCodes.BAD_USAGE;
        }
        if (errorMargin < 0) {
            stderr.println("loadgen compare: --error-margin " + errorMargin + " is negative; give points of the error rate, like 0.1");
            return ExitCodes.BAD_USAGE;
        }
        Compare.Result r;
        try {
            r = Compare.compare(base, next, new Compare.Options(lvl, resamples, mrg, errorMargin, 1));
        } catch (ResultsException e) {
            stderr.println("loadgen compare: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        if (!r.differences().isEmpty()) {
            stderr.println("loadgen compare: warning: the two runs' configs differ in " + String.join(", ", r.differences())
                    + "; a change may come from that, not from the target");
        }
        stdout.println("base: " + base + "    new: " + next);
        Compare.lines(r).forEach(stdout::println);
        stdout.printf(Locale.ROOT, "%s (bootstrap over seconds, %d resamples; intervals hold together at %s; margins %s, %s points of errors)%n",
                r.anyWorse() ? "WORSE: at least one row is slower or fails more, beyond chance and the margin" : "no row is worse",
                resamples, level, margin, errorMargin);
        if (json != null) {
            Files.writeString(json, Compare.json(r, base, next).toPrettyString() + "\n", StandardCharsets.UTF_8);
            stdout.println("json: " + json);
        }
        if (html != null) {
            dev.loadgen.report.CompareHtml.write(Compare.json(r, base, next), base, next, html);
            stdout.println("page: " + html);
        }
        return r.anyWorse() ? ExitCodes.THRESHOLD_FAILED : ExitCodes.OK;
    }
}
