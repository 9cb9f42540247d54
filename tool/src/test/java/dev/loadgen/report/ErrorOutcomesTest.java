package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages (dashboard and report.html) count an endpoint's errors with format.js's ERROR_OUTCOMES; summary.json,
 * the console and the thresholds count them with {@link Outcome#isError()}. The two lists must be the same, or the
 * pages' error % disagrees with summary.json's.
 */
class ErrorOutcomesTest {
    private static final Pattern LIST = Pattern.compile("const ERROR_OUTCOMES = \\[([^\\]]*)\\];");

    @Test
    void the_pages_count_as_errors_exactly_the_outcomes_summary_json_counts() throws IOException {
        String js;
        try (InputStream in = HtmlReport.class.getResourceAsStream("/dev/loadgen/report/format.js")) {
            assertThat(in).as("format.js on the class path").isNotNull();
            js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = LIST.matcher(js);
        assertThat(m.find()).as("format.js declares ERROR_OUTCOMES as an array of strings").isTrue();
        List<String> pages = Arrays.stream(m.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("^'(.*)'$", "$1")).toList();
        List<String> summary = Arrays.stream(Outcome.values()).filter(Outcome::isError).map(o -> o.label).toList();
        assertThat(summary).as("the outcomes summary.json counts as errors").contains("check_failed").doesNotContain("ok", "chaos");
        assertThat(pages).containsExactlyElementsOf(summary);
    }
}
