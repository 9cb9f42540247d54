package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** What a page's script could not read exactly is handed to it as text. */
class BrowserJsonTest {
    @Test
    void whole_numbers_beyond_two_to_the_53_become_strings_and_the_rest_stay_numbers() throws Exception {
        JsonNode n = IntervalJson.JSON.readTree("""
                {"seed": 7224268341730870938, "small": 42, "edge": 9007199254740991, "past": 9007199254740992,
                 "negative": -9223372036854775808, "huge": 123456789012345678901234567890, "ratio": 0.5,
                 "nested": {"list": [1, 18446744073709551615, {"seed": -7224268341730870938}]}}""");
        BrowserJson.exact(n);
        assertThat(n.path("seed").isTextual()).isTrue();
        assertThat(n.path("seed").asText()).isEqualTo("7224268341730870938");
        assertThat(n.path("small").isInt()).isTrue();
        assertThat(n.path("edge").isNumber()).isTrue();
        assertThat(n.path("past").asText()).isEqualTo("9007199254740992");
        assertThat(n.path("past").isTextual()).isTrue();
        assertThat(n.path("negative").asText()).isEqualTo("-9223372036854775808");
        assertThat(n.path("huge").asText()).isEqualTo("123456789012345678901234567890");
        assertThat(n.path("ratio").isDouble()).isTrue();
        assertThat(n.path("nested").path("list").get(0).isInt()).isTrue();
        assertThat(n.path("nested").path("list").get(1).asText()).isEqualTo("18446744073709551615");
        assertThat(n.path("nested").path("list").get(2).path("seed").asText()).isEqualTo("-7224268341730870938");
    }

    @Test
    void the_report_keeps_the_files_numbers_and_hands_the_page_the_seed_as_text() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("browser-json");
        try {
            HtmlReportTest.resultsFolder(dir);
            java.nio.file.Path summary = dir.resolve("summary.json");
            java.nio.file.Files.writeString(summary, java.nio.file.Files.readString(summary).replace("\"seed\" : 42", "\"seed\" : 7224268341730870938"));
            String html = java.nio.file.Files.readString(HtmlReport.write(dir));
            assertThat(html).contains("\"seed\":\"7224268341730870938\"");
            assertThat(IntervalJson.JSON.readTree(summary.toFile()).path("seed").isIntegralNumber()).isTrue();
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
