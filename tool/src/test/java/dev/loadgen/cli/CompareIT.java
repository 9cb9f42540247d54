package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.loadgen.config.ConfigLoader.FlagValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loadgen compare} on real runs against a target whose two endpoints answer after a fixed delay: two
 * runs of the same target and seed are no worse than each other, and a run where one endpoint answers 20 %
 * slower is worse on that endpoint and only there. The same runs check thresholds against the first as their
 * baseline ({@code --baseline}): held by the like run, failed by the slower one on that endpoint only.
 */
class CompareIT {
    @TempDir
    Path dir;

    /** A target of two endpoints, each answering after its delay in milliseconds. */
    private static HttpServer target(Map<String, Integer> delays) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        delays.forEach((path, ms) -> s.createContext(path, ex -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        }));
        s.start();
        return s;
    }

    private Path run(String name, Map<String, Integer> delays) throws Exception {
        return run(name, delays, 0, List.of());
    }

    private Path run(String name, Map<String, Integer> delays, int expected, List<FlagValue> extra) throws Exception {
        HttpServer s = target(delays);
        try {
            Path config = dir.resolve(name + ".yaml");
            Files.writeString(config, """
                    target: {named: {fx: "http://127.0.0.1:%d"}}
                    users: {account: none, session: {actions: 0}, think: 50ms, actions: {a: 1, b: 1}}
                    actions:
                      a: [{request: GET fx /a}]
                      b: [{request: GET fx /b}]
                    """.formatted(s.getAddress().getPort()));
            Path results = dir.resolve(name);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<FlagValue> flags = new java.util.ArrayList<>(extra);
            flags.addAll(List.of(
                    FlagValue.of("load.users", "20", "--users"),
                    FlagValue.of("load.duration", "15s", "--duration"),
                    FlagValue.of("seed", "11", "--seed"),
                    FlagValue.of("output.quiet", "true", "--quiet"),
                    FlagValue.of("observe.metrics-port", "0", "--metrics-port"),
                    FlagValue.of("dashboard.port", "0", "--dashboard-port"),
                    FlagValue.of("output.dir", results.toString(), "--out")));
            int code = new Runner(new RunRequest(Optional.of(config), List.of(), flags, false),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)).run();
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
            Files.writeString(results.resolve("console.txt"), out.toString(StandardCharsets.UTF_8));
            return results;
        } finally {
            s.stop(0);
        }
    }

    /** Thresholds against {@code base}: each endpoint's p50, the error rate, the throughput. */
    private static List<FlagValue> against(Path base) {
        return List.of(FlagValue.of("baseline", base.toString(), "--baseline"),
                FlagValue.node("thresholds", list("[GET /a].p50 < baseline + 5%", "[GET /b].p50 < baseline + 5%", "errors.rate < baseline",
                        "rps > baseline - 10%"), "--threshold"));
    }

    private static dev.loadgen.config.ConfigNode.ListNode list(String... items) {
        dev.loadgen.config.Origin o = dev.loadgen.config.Origin.flag("--threshold");
        dev.loadgen.config.ConfigNode.ListNode l = new dev.loadgen.config.ConfigNode.ListNode(o);
        for (String i : items) {
            l.items().add(new dev.loadgen.config.ConfigNode.Scalar(i, false, o));
        }
        return l;
    }

    private static List<Boolean> baselineVerdicts(Path run) throws Exception {
        List<Boolean> out = new java.util.ArrayList<>();
        for (JsonNode t : new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("thresholds")) {
            out.add(t.path("ok").asBoolean());
        }
        return out;
    }

    private static Map<String, String> verdicts(Path json) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (JsonNode row : new ObjectMapper().readTree(json.toFile()).path("rows")) {
            out.put(row.path("endpoint").asText(), row.path("verdict").asText());
        }
        return out;
    }

    private int compare(Path base, Path next, Path json, ByteArrayOutputStream out) {
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new picocli.CommandLine(new CompareCommand(p, p)).execute(base.toString(), next.toString(), "--json", json.toString(),
                "--html", json.resolveSibling(json.getFileName().toString().replace(".json", ".html")).toString());
    }

    /** A baseline, a run like it and one with GET /b made 20 % slower, each against the baseline. */
    private record Trio(Path base, Path same, Path slower) {}

    /** The three runs, their results named after {@code attempt}; fails unless the thresholds see what was changed. */
    private Trio trio(String attempt) throws Exception {
        Path base = run("base-" + attempt, Map.of("/a", 10, "/b", 10));
        Path same = run("same-" + attempt, Map.of("/a", 10, "/b", 10), 0, against(base));
        Path slower = run("slower-" + attempt, Map.of("/a", 10, "/b", 12), ExitCodes.THRESHOLD_FAILED, against(base));
        assertThat(baselineVerdicts(same)).as(Files.readString(same.resolve("console.txt"))).containsOnly(true);
        assertThat(baselineVerdicts(slower)).as(Files.readString(slower.resolve("console.txt"))).containsExactly(true, false, true, true);
        return new Trio(base, same, slower);
    }

    @Test
    void like_runs_are_no_worse_and_an_endpoint_made_slower_is_found() throws Exception {
        // a first run warms this JVM's code, so that the three measured runs start alike (a fresh ./loadgen process
        // each would too); what a cold start does to a run is another question (docs/compare.md)
        run("warm-up", Map.of("/a", 10, "/b", 10));
        // Three runs of 15 s on a shared machine: a stretch of noise in one of them (a 10 ms endpoint measured at 13-14
        // ms in a baseline, 2026-12-08) hides a 2 ms change. Once, the three are run again; twice is a failure.
        Trio trio;
        try {
            trio = trio("1");
        } catch (AssertionError e) {
            System.err.println("CompareIT: the three runs disagreed with what was changed, run again once: "
                    + e.getMessage().lines().findFirst().orElse(""));
            trio = trio("2");
        }
        Path base = trio.base();
        Path same = trio.same();
        Path slower = trio.slower();
        JsonNode failed = new ObjectMapper().readTree(slower.resolve("summary.json").toFile()).path("thresholds").get(1);
        assertThat(failed.path("baseline").path("low").asDouble()).isGreaterThan(0.05);
        assertThat(failed.path("baseline").path("base").asDouble()).isBetween(10.0, 13.0);
        assertThat(Files.readString(slower.resolve("junit.xml"))).contains("[GET /b].p50 &lt; baseline + 5%", "in the baseline: +");
        assertThat(Files.readString(slower.resolve("console.txt"))).containsPattern(
                "FAILED  \\[GET /b\\]\\.p50 < baseline \\+ 5%  \\(1\\d\\.\\dms vs 1\\d\\.\\dms in the baseline: \\+\\d+\\.\\d%, 95% interval");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = compare(base, same, dir.resolve("same.json"), out);
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console).isZero();
        assertThat(verdicts(dir.resolve("same.json")).values()).as(console).doesNotContain("worse");
        // the two runs' configs differ only in the target's port, which is no difference worth a warning
        assertThat(console).doesNotContain("configs differ");

        out.reset();
        code = compare(base, slower, dir.resolve("slower.json"), out);
        console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console).isEqualTo(ExitCodes.THRESHOLD_FAILED);
        Map<String, String> v = verdicts(dir.resolve("slower.json"));
        assertThat(v.get("GET /b")).as(console).isEqualTo("worse");
        assertThat(v.get("GET /a")).as(console).isNotEqualTo("worse");
        assertThat(console).contains("WORSE");

        // the page: the table as the JSON says, the three charts with both runs' seconds, nothing failing in the browser
        try (Browser b = Browser.start()) {
            b.open(dir.resolve("slower.html").toUri().toString());
            b.await(java.time.Duration.ofSeconds(10), "the table of changes", d -> b.all("#rows tbody tr").size() == v.size());
            for (org.openqa.selenium.WebElement tr : b.all("#rows tbody tr")) {
                List<String> cells = tr.findElements(org.openqa.selenium.By.tagName("td")).stream()
                        .map(org.openqa.selenium.WebElement::getText).toList();
                String endpoint = cells.getFirst().replaceFirst("^fx ", "");
                assertThat(cells.get(3)).as(endpoint).isEqualTo(v.get(endpoint));
            }
            assertThat(b.all(".chart[data-points]")).hasSize(3)
                    .allSatisfy(c -> assertThat(Integer.parseInt(c.getDomAttribute("data-points"))).isGreaterThan(10));
            assertThat(b.find("#facts").getText()).contains("verdict worse");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }
}
