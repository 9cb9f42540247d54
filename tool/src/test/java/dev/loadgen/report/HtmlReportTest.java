package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.engine.LoadControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html from a results folder alone: self-contained, and the target's words stay data. */
class HtmlReportTest {
    private static final Pattern DATA = Pattern.compile("<script type=\"application/json\" id=\"loadgen-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    /** A results folder as a run leaves it: summary.json, two timeline lines (one with a hostile error text), config.json. */
    static void resultsFolder(Path dir) throws IOException {
        Files.writeString(dir.resolve("summary.json"), SummaryJson.render(SummaryJsonTest.fixture()));
        LoadControl.Status running = new LoadControl.Status(LoadControl.Model.CLOSED, 7, 7, LoadControl.Phase.RUNNING);
        String line = IntervalJson.encode(IntervalJsonTest.fixture(), running);
        Files.writeString(dir.resolve(Timeline.FILE), line + "\n" + line + "\n");
        Files.writeString(dir.resolve(ConfigJson.FILE), "{\"seed\": 42}\n");
    }

    @Test
    void the_report_holds_its_scripts_styles_and_data_inline_and_loads_nothing() throws IOException {
        resultsFolder(dir);
        String html = Files.readString(HtmlReport.write(dir));
        assertThat(html).doesNotContain("@@").doesNotContain(" src=").doesNotContain("<link rel=\"stylesheet\"")
                .doesNotContain("http://").doesNotContain("https://cdn");
        assertThat(html).contains("uPlot").contains("LoadgenView").contains(".charts {");
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        JsonNode data = IntervalJson.JSON.readTree(m.group(1));
        assertThat(data.path("timeline")).hasSize(2);
        assertThat(data.path("summary").path("seed").asLong()).isEqualTo(42);
        assertThat(data.path("config").path("seed").asLong()).isEqualTo(42);
    }

    @Test
    void markup_from_the_target_cannot_close_the_data_script() throws IOException {
        resultsFolder(dir);
        String html = Files.readString(HtmlReport.write(dir));
        assertThat(html).doesNotContain("<script>alert(1)</script>");
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).doesNotContain("<").doesNotContain(">");
        JsonNode text = IntervalJson.JSON.readTree(m.group(1)).path("timeline").get(0).path("endpoints").get(0).path("errorTexts");
        assertThat(text.fieldNames().next()).as("the text itself is kept, as data").isEqualTo("HTTP 503: <script>alert(1)</script>");
    }

    @Test
    void a_timeline_cut_short_by_a_killed_run_still_renders() throws IOException {
        resultsFolder(dir);
        Files.writeString(dir.resolve(Timeline.FILE), "{\"t\": 1.0, \"dt\": 1.0", java.nio.file.StandardOpenOption.APPEND);
        String html = Files.readString(HtmlReport.write(dir));
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).isTrue();
        assertThat(IntervalJson.JSON.readTree(m.group(1)).path("timeline")).hasSize(2);
    }

    @Test
    void a_folder_without_what_the_report_needs_gets_a_one_line_reason() throws IOException {
        assertThatThrownBy(() -> HtmlReport.write(dir)).isInstanceOf(HtmlReport.MissingInput.class)
                .hasMessage(dir + " has no summary.json; give the results folder of a loadgen run");
        Files.writeString(dir.resolve("summary.json"), "{}");
        assertThatThrownBy(() -> HtmlReport.write(dir)).hasMessageStartingWith(dir + " has no timeline.jsonl");
        Files.writeString(dir.resolve(Timeline.FILE), "not json\n{}\n");
        assertThatThrownBy(() -> HtmlReport.write(dir)).hasMessageStartingWith(dir.resolve(Timeline.FILE) + ":1 is not valid JSON");
        Files.writeString(dir.resolve("summary.json"), "{");
        assertThatThrownBy(() -> HtmlReport.write(dir)).hasMessageStartingWith(dir.resolve("summary.json") + " is not valid JSON");
    }
}
