package dev.loadgen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.report.ConfigJson;
import dev.loadgen.report.ConsoleSummary;
import dev.loadgen.report.Counts;
import dev.loadgen.report.HtmlReport;
import dev.loadgen.report.JunitXml;
import dev.loadgen.report.RunInfo;
import dev.loadgen.report.RunRecord;
import dev.loadgen.report.Summary;
import dev.loadgen.report.SummaryJson;
import dev.loadgen.report.WarmUpSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last stage of a run: the counts written beside the histogram logs, the summary computed from the
 * results folder (as a merge computes its own), junit.xml, report.html, the console table, the dashboard's last word,
 * and the verdict as an exit code: after an internal failure, the results so far, marked as such, and exit 70.
 */
final class Finish {
    private Finish() {}

    static int results(Components c, Execution e, PrintStream out, PrintStream err) throws IOException {
        RunInfo info = new RunInfo(Version.VERSION, e.startedAt(), c.config().load(), c.config().seed(), c.targetLabel());
        ObjectNode counts = e.result().isPresent() ? Counts.of(info, e.seconds(), e.result().get(), c.metrics(), c.ws())
                : Counts.of(info, e.seconds(), e.reason().name().toLowerCase(java.util.Locale.ROOT), c.metrics(), c.ws());
        if (e.failure().isPresent()) {
            Counts.abortedBy(counts, Counts.INTERNAL_ERROR);
        }
        if (e.warmUp().isPresent()) {
            counts = Counts.withoutWarmUp(counts, e.warmUp().get());
            warmUp(e.warmUp().get(), e.dir(), err);
        }
        Counts.write(counts, e.dir());
        Summary summary = Summary.of(RunRecord.read(e.dir()));
        SummaryJson.write(summary, e.dir().resolve("summary.json"));
        JunitXml.write(summary, e.dir());
        Optional<Path> report = report(e.dir(), err);
        ConsoleSummary.print(summary, out);
        out.println("results: " + e.dir());
        report.ifPresent(r -> out.println("report: " + r));
        c.dashboard().ifPresent(d -> d.end(SummaryJson.render(summary), e.dir()));
        if (e.failure().isPresent()) {
            err.println("loadgen: the run was cut short by an internal error (see above); its results so far are in " + e.dir());
            return ExitCodes.INTERNAL_ERROR;
        }
        if (e.signals().interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        return summary.thresholdsHeld() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
    }

    /**
     * The warm-up's records, apart in {@code warm-up/}: its counts and (beside the histogram logs written as it ran) its
     * config without thresholds or baseline, and its summary.json, for whoever wants to see what the warm-up met. A
     * failure here costs those files, not the run's results.
     */
    private static void warmUp(ObjectNode counts, Path dir, PrintStream err) {
        Path warm = dir.resolve(WarmUpSplit.DIR);
        try {
            Counts.write(counts, warm);
            ObjectNode config = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(ConfigJson.FILE).toFile());
            config.putArray("thresholds");
            config.putNull("baseline");
            Files.writeString(warm.resolve(ConfigJson.FILE), config.toPrettyString() + "\n");
            SummaryJson.write(Summary.of(RunRecord.read(warm)), warm.resolve("summary.json"));
        } catch (IOException | RuntimeException ex) {
            err.println("loadgen: the warm-up's records in " + warm + " are incomplete (" + ex.getMessage() + "); the run's results are whole");
        }
    }

    /** report.html from what the run recorded; a failure to render it costs the report, not the run's verdict. */
    private static Optional<Path> report(Path dir, PrintStream err) {
        try {
            return Optional.of(HtmlReport.write(dir));
        } catch (IOException | RuntimeException ex) {
            err.println("loadgen: report.html could not be written (" + ex.getMessage() + "); run loadgen report " + dir + " to retry");
            return Optional.empty();
        }
    }
}
