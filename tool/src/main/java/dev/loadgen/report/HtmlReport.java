package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report.html}: one self-contained file (uPlot, our scripts and styles, and the data, all inline)
 * rendered from the results folder alone: {@code summary.json}, {@code timeline.jsonl} and
 * {@code config.json}. The run writes those as it goes; this only reads them, so {@code loadgen report DIR}
 * rebuilds the same page at any time (record first, render later).
 */
public final class HtmlReport {
    public static final String FILE = "report.html";
    private static final Pattern SLOT = Pattern.compile("@@([A-Z_]+)@@");

    private HtmlReport() {}

    /** A results folder that lacks what the report needs; the message says which file and what to do. */
    public static final class MissingInput extends IOException {
        MissingInput(String message) {
            super(message);
        }
    }

    /** Renders {@code dir/report.html} and returns its path. */
    public static Path write(Path dir) throws IOException {
        JsonNode summary = json(dir, "summary.json");
        ArrayNode timeline = timeline(dir);
        ObjectNode data = IntervalJson.JSON.createObjectNode();
        data.set("summary", summary);
        data.set("timeline", timeline);
        data.set("config", Files.exists(dir.resolve(ConfigJson.FILE)) ? json(dir, ConfigJson.FILE) : null);
        Path out = dir.resolve(FILE);
        Files.writeString(out, render(data), StandardCharsets.UTF_8);
        return out;
    }

    /** The page for {@code data}, whose unsafe whole numbers become text in place ({@link BrowserJson}). */
    static String render(JsonNode data) {
        String template = Assets.text(Assets.report("report.html"));
        Map<String, String> slots = Map.of(
                "UPLOT_CSS", Assets.text(Assets.uplot("uPlot.min.css")),
                "STYLE_CSS", Assets.text(Assets.report("style.css")),
                "UPLOT_JS", script(Assets.text(Assets.uplot("uPlot.iife.min.js"))),
                "FORMAT_JS", script(Assets.text(Assets.report("format.js"))),
                "CHARTS_JS", script(Assets.text(Assets.report("charts.js"))),
                "TABLES_JS", script(Assets.text(Assets.report("tables.js"))),
                "REPORT_JS", script(Assets.text(Assets.report("report.js"))),
                "DATA", inlineJson(BrowserJson.exact(data)));
        return fill(template, slots);
    }

    /** The template with each {@code @@NAME@@} replaced by its slot, in one pass, so nothing inserted is ever read again as a slot. */
    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(slots.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * JSON that cannot end the script element it sits in: every character that HTML could read as markup
     * is written as a JavaScript escape, which JSON.parse reads back unchanged. The data holds the
     * target's error texts, so this is what keeps a {@code </script>} in a response from running.
     */
    static String inlineJson(JsonNode data) {
        String json = data.toString();
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Our own scripts never hold a closing script tag; a library update that did would break the page. */
    static String script(String js) {
        if (js.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
            throw new IllegalStateException("a report script contains </script and cannot be inlined");
        }
        return js;
    }

    private static JsonNode json(Path dir, String name) throws IOException {
        try {
            return IntervalJson.JSON.readTree(dir.resolve(name).toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new MissingInput(dir + " has no " + name + "; give the results folder of a loadgen run");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MissingInput(dir.resolve(name) + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** The timeline's lines; a last line cut short (the run was killed mid-write) is left out. */
    static ArrayNode timeline(Path dir) throws IOException {
        Path file = dir.resolve(Timeline.FILE);
        if (!Files.exists(file)) {
            throw new MissingInput(dir + " has no " + Timeline.FILE + " (results of a loadgen older than the report?); "
                    + "the report needs it for its charts");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        ArrayNode out = IntervalJson.JSON.createArrayNode();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(IntervalJson.JSON.readTree(lines.get(i)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (i < lines.size() - 1) {
                    throw new MissingInput(file + ":" + (i + 1) + " is not valid JSON (" + e.getOriginalMessage() + ")");
                }
            }
        }
        return out;
    }
}
