package dev.loadgen.cli;

import dev.loadgen.report.ResultsException;
import dev.loadgen.report.ResultsMerge;
import dev.loadgen.report.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadgen merge DIR...}: one results folder from the folders of several instances (docs/scaling.md).
 * Exit codes as for a run: 0 every threshold held on the merged figures, 1 one failed, 2 bad folders.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Combine the results folders of several loadgen instances (--segment 0/3, 1/3, 2/3 of one run) "
                + "into one: counts summed, percentiles from the merged HdrHistograms (never averaged), thresholds checked again."},
        footer = {"", "Examples:",
            "  loadgen merge results/seg-0 results/seg-1 results/seg-2 --out results/merged",
            "  loadgen merge results/run-*/                      (a shell glob gives every instance's folder)"})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Results folders, one per instance.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the merged folder goes. Default: results/merged-<time>/.")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;

    public MergeCommand() {
        this(System.out, System.err);
    }

    MergeCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        Path target = out != null ? out : Runner.freshDir("merged-", Instant.now());
        ResultsMerge.Result r;
        try {
            r = ResultsMerge.merge(dirs, target);
        } catch (ResultsException e) {
            stderr.println("loadgen merge: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        Summary s = r.summary();
        org.HdrHistogram.Histogram all = s.allLatency();
        stdout.printf(Locale.ROOT, "merged %d results folders: %d users, %d requests, %d errors, p50 %.1fms, p95 %.1fms, p99 %.1fms%n",
                dirs.size(), s.users().started(), s.requests(), s.organicErrors(), ms(all, 50), ms(all, 95), ms(all, 99));
        if (!s.thresholds().isEmpty()) {
            stdout.println("thresholds (on the merged figures):");
            s.thresholds().forEach(v -> stdout.println("  " + v.describe()));
        }
        stdout.println("results: " + r.out() + " (summary.json, junit.xml, counts.json, config.json, the histogram logs"
                + (r.report().isPresent() ? ", timeline.jsonl and report.html)" : ")"));
        r.report().ifPresent(p -> stdout.println("report: " + p));
        r.warnings().forEach(w -> stderr.println("loadgen merge: warning: " + w));
        return s.thresholdsHeld() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
    }

    private static double ms(org.HdrHistogram.Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
