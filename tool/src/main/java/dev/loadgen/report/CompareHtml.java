package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The comparison as one self-contained page, in report.html's style: the latency of all requests over each
 * run's time, the two runs overlaid, and the table of changes. It carries compare.json and, of each run's
 * timeline.jsonl, the seconds' elapsed time and latency of all requests (not every endpoint's, which would make
 * the page as large as both reports).
 */
public final class CompareHtml {
    private CompareHtml() {}

    /** Writes the page to {@code out}; a run without timeline.jsonl (a merged folder) has no line on the charts. */
    public static void write(JsonNode compare, Path base, Path next, Path out) throws IOException {
        ObjectNode data = IntervalJson.JSON.createObjectNode();
        data.set("compare", compare);
        data.set("base", seconds(base));
        data.set("next", seconds(next));
        Map<String, String> slots = Map.of(
                "UPLOT_CSS", Assets.text(Assets.uplot("uPlot.min.css")),
                "STYLE_CSS", Assets.text(Assets.report("style.css")),
                "UPLOT_JS", HtmlReport.script(Assets.text(Assets.uplot("uPlot.iife.min.js"))),
                "FORMAT_JS", HtmlReport.script(Assets.text(Assets.report("format.js"))),
                "TABLES_JS", HtmlReport.script(Assets.text(Assets.report("tables.js"))),
                "COMPARE_JS", HtmlReport.script(Assets.text(Assets.report("compare.js"))),
                "DATA", HtmlReport.inlineJson(BrowserJson.exact(data)));
        Files.writeString(out, HtmlReport.fill(Assets.text(Assets.report("compare.html")), slots), StandardCharsets.UTF_8);
    }

    private static ArrayNode seconds(Path dir) throws IOException {
        ArrayNode out = IntervalJson.JSON.createArrayNode();
        if (!Files.isRegularFile(dir.resolve(Timeline.FILE))) {
            return out;
        }
        for (JsonNode e : HtmlReport.timeline(dir)) {
            ObjectNode n = out.addObject();
            n.set("t", e.path("t"));
            n.set("latencyMs", e.path("latencyMs"));
        }
        return out;
    }
}
