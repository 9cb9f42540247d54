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
 * slower is worse on that endpoint and only there.
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
            int code = new Runner(new RunRequest(Optional.of(config), List.of(), List.of(
                    FlagValue.of("load.users", "20", "--users"),
                    FlagValue.of("load.duration", "15s", "--duration"),
                    FlagValue.of("seed", "11", "--seed"),
                    FlagValue.of("output.quiet", "true", "--quiet"),
                    FlagValue.of("observe.metrics-port", "0", "--metrics-port"),
                    FlagValue.of("dashboard.port", "0", "--dashboard-port"),
                    FlagValue.of("output.dir", results.toString(), "--out")), false),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)).run();
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
            return results;
        } finally {
            s.stop(0);
        }
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

    @Test
    void like_runs_are_no_worse_and_an_endpoint_made_slower_is_found() throws Exception {
        // a first run warms this JVM's code, so that the three measured runs start alike (a fresh ./loadgen process
        // each would too); what a cold start does to a run is another question (docs/compare.md)
        run("warm-up", Map.of("/a", 10, "/b", 10));
        Path base = run("base", Map.of("/a", 10, "/b", 10));
        Path same = run("same", Map.of("/a", 10, "/b", 10));
        Path slower = run("slower", Map.of("/a", 10, "/b", 12));

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
