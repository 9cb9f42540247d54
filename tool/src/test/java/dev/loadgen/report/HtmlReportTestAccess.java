package dev.loadgen.report;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests in other packages lay out the results folder that {@link HtmlReportTest} uses. */
public final class HtmlReportTestAccess {
    private HtmlReportTestAccess() {}

    public static void resultsFolder(Path dir) throws IOException {
        HtmlReportTest.resultsFolder(dir);
    }
}
