package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import picocli.CommandLine;

/**
 * The dashboard and report.html in a real headless Chromium, during and after real runs: what a person
 * sees, what they can do from the page, and that nothing the target says can run in it.
 */
class DashboardBrowserIT {
    private static final List<String> CHARTS = List.of("requests", "latency", "errors", "users", "sessions", "ws", "chaos");
    private static final String MARKUP = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 2\">";

    @TempDir
    Path dir;

    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void stopRuns() {
        runs.shutdownNow();
    }

    /** loadgen as on the command line, in this process; the future is its exit code. */
    private Future<Integer> loadgen(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        RunRequest request = RunRequest.from(main);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return runs.submit(() -> new Runner(request, out, err).run());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits for the run's dashboard to listen: the run starts on another thread. */
    private void awaitDashboard(int port, Future<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                if (run.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("no dashboard on port " + port + ": " + stderr.toString(StandardCharsets.UTF_8), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The sum of {@code loadgen_active_users} over its personas, scraped from loadgen's own /metrics. */
    private static long activeUsers(int metricsPort) {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build();
        String text;
        try (HttpClient http = HttpClient.newHttpClient()) {
            text = http.send(get, HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> samples = text.lines().filter(l -> l.startsWith("loadgen_active_users{")).toList();
        assertThat(samples).as("loadgen_active_users on /metrics").isNotEmpty();
        return samples.stream().mapToLong(l -> Math.round(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).sum();
    }

    private static String facts(Browser b) {
        return b.find("#facts").getText();
    }

    private static int points(Browser b, String chart) {
        return Integer.parseInt(b.find("#chart-" + chart).getAttribute("data-points"));
    }

    @Test
    void the_live_dashboard_draws_the_run_and_controls_it_from_the_page() throws Exception {
        int port = freePort();
        int metricsPort = freePort();
        Path results = dir.resolve("live");
        Future<Integer> run = loadgen("--users", "3", "--duration", "2m", "--think", "200ms", "--seed", "11",
                "--dashboard-port", Integer.toString(port), "--metrics-port", Integer.toString(metricsPort),
                "--out", results.toString(), "--quiet");
        try (Browser b = Browser.start()) {
            awaitDashboard(port, run);
            b.open("http://127.0.0.1:" + port + "/");
            b.await(Duration.ofSeconds(30), "the run to be shown running: " + stderr, d -> facts(b).contains("status running"));
            b.await(Duration.ofSeconds(20), "three users", d -> facts(b).contains("running users 3"));
            b.await(Duration.ofSeconds(10), "loadgen_active_users to be 3", d -> activeUsers(metricsPort) == 3);

            int before = points(b, "requests");
            b.await(Duration.ofSeconds(20), "the charts to gain points", d -> points(b, "requests") >= before + 2);
            for (String chart : CHARTS) {
                assertThat(points(b, chart)).as(chart).isGreaterThan(1);
                assertThat(b.all("#chart-" + chart + " canvas")).as(chart).isNotEmpty();
            }
            b.await(Duration.ofSeconds(20), "the endpoint table to fill", d -> b.all("#endpoints tbody tr:not(.empty)").size() >= 3);

            // select and overwrite in one go: clear() would blur the field, and the page refills an empty
            // field it does not have the focus of with the current target before the 6 is typed
            b.find("#target").sendKeys(Keys.chord(Keys.CONTROL, "a"), "6");
            b.find("#apply").click();
            b.await(Duration.ofSeconds(15), () -> "the change to be confirmed; the page says '" + b.find("#message").getText() + "'",
                    d -> b.find("#message").getText().equals("target users set to 6"));
            b.await(Duration.ofSeconds(20), "six users running", d -> facts(b).contains("running users 6"));
            // what Prometheus sees: the gauge follows once the next interval is exposed
            b.await(Duration.ofSeconds(10), "loadgen_active_users to reach 6", d -> activeUsers(metricsPort) == 6);
            JsonNode status = new ObjectMapper().readTree(URI.create("http://127.0.0.1:" + port + "/api/status").toURL());
            assertThat(status.path("running").asInt()).isEqualTo(6);
            b.screenshot("dashboard");

            b.find("#stop").click();
            b.await(Duration.ofSeconds(40), "the run to finish", d -> facts(b).contains("status finished"));
            assertThat(run.get(40, TimeUnit.SECONDS)).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(b.find("#message").getText()).isEqualTo("the run is over; results in " + results);
            assertThat(b.find("#stop").isEnabled()).isFalse();
            b.screenshot("dashboard-finished");

            JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
            assertThat(summary.path("stopReason").asText()).isEqualTo("stopped");
            assertThat(summary.path("users").path("started").asInt()).isEqualTo(6);
            assertThat(summary.path("users").path("peak").asInt()).isEqualTo(6);
            assertThat(results.resolve("report.html")).isNotEmptyFile();

            // loadgen has exited and its server is gone: the page still shows the end, with nothing in the console
            Thread.sleep(2500);
            assertThat(facts(b)).contains("status finished");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    /** A 64-bit seed is shown digit for digit, so copied from the report it reproduces the run (a double would round it). */
    @Test
    void the_report_shows_a_64_bit_seed_exactly() throws Exception {
        Path results = java.nio.file.Files.createDirectories(dir.resolve("seed"));
        dev.loadgen.report.HtmlReportTestAccess.resultsFolder(results);
        Path summary = results.resolve("summary.json");
        java.nio.file.Files.writeString(summary, java.nio.file.Files.readString(summary).replace("\"seed\" : 42", "\"seed\" : 7224268341730870938"));
        Path html = dev.loadgen.report.HtmlReport.write(results);
        try (Browser b = Browser.start()) {
            b.open(html.toUri().toString());
            b.await(Duration.ofSeconds(10), "the facts", d -> facts(b).contains("seed"));
            assertThat(facts(b)).contains("seed 7224268341730870938");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    /**
     * The endpoint table's errors and error % (format.js's ERROR_OUTCOMES, shared by the dashboard and report.html)
     * count what summary.json counts: every outcome that {@link dev.loadgen.metrics.Outcome#isError()}, check_failed
     * included, over the requests that were not chaos. The report of a fixed results folder, read in the browser.
     */
    @Test
    void the_pages_error_percent_counts_the_same_outcomes_as_summary_json() throws Exception {
        Path results = java.nio.file.Files.createDirectories(dir.resolve("fixed"));
        dev.loadgen.report.HtmlReportTestAccess.resultsFolder(results);
        Path html = dev.loadgen.report.HtmlReport.write(results);
        JsonNode endpoints = new ObjectMapper().readTree(results.resolve("summary.json").toFile()).path("endpoints");
        try (Browser b = Browser.start()) {
            b.open(html.toUri().toString());
            b.await(Duration.ofSeconds(10), "the endpoint table", d -> b.all("#endpoints tbody tr").size() == endpoints.size());
            List<String> heads = b.all("#endpoints thead th").stream().map(WebElement::getText).toList();
            int name = heads.indexOf("endpoint");
            int errors = heads.indexOf("errors");
            int rate = heads.indexOf("error %");
            assertThat(List.of(name, errors, rate)).as(heads.toString()).doesNotContain(-1);
            java.util.Map<String, List<String>> rows = new java.util.HashMap<>();
            for (WebElement tr : b.all("#endpoints tbody tr")) {
                List<String> cells = tr.findElements(org.openqa.selenium.By.tagName("td")).stream().map(WebElement::getText).toList();
                rows.put(cells.get(name), cells);
            }
            for (JsonNode e : endpoints) {
                long organic = 0;
                for (dev.loadgen.metrics.Outcome o : dev.loadgen.metrics.Outcome.values()) {
                    organic += o.isError() ? e.path("byOutcome").path(o.label).asLong() : 0;
                }
                long judged = e.path("count").asLong() - e.path("byOutcome").path("chaos").asLong();
                List<String> row = rows.get(e.path("endpoint").asText());
                assertThat(row).as(e.path("endpoint").asText()).isNotNull();
                assertThat(row.get(errors)).as(e.path("endpoint").asText()).isEqualTo(Long.toString(organic));
                assertThat(row.get(rate)).as(e.path("endpoint").asText())
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * organic / judged));
            }
            // the fixture's login: a timeout, a reset and a 200 whose check failed, of 4 requests
            assertThat(rows.get("POST /auth/login").get(errors)).isEqualTo("3");
            assertThat(rows.get("POST /auth/login").get(rate)).isEqualTo("75.00%");
            assertThat(b.consoleErrors()).isEmpty();
        }
    }

    @Test
    void markup_from_the_target_shows_as_text_live_and_in_the_report_which_opens_offline_with_every_chart() throws Exception {
        AtomicInteger served = new AtomicInteger();
        HttpServer fixture = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fixture.createContext("/", ex -> {
            boolean fail = served.incrementAndGet() % 3 == 0;
            byte[] body = (fail ? "{\"error\": \"" + MARKUP.replace("\"", "\\\"") + "\"}" : "ok").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(fail ? 500 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        fixture.start();
        int port = freePort();
        Path results = dir.resolve("xss");
        try (Browser b = Browser.start()) {
            Future<Integer> run = loadgen("--url", "http://127.0.0.1:" + fixture.getAddress().getPort() + "/", "--users", "2",
                    "--think", "100ms", "--duration", "6s", "--dashboard-port", Integer.toString(port), "--out", results.toString(), "--quiet");
            awaitDashboard(port, run);
            b.open("http://127.0.0.1:" + port + "/");
            b.await(Duration.ofSeconds(20), "the error text in the table: " + stderr, d -> b.all("#errors td.text").stream()
                    .anyMatch(td -> td.getText().equals("HTTP 500: " + MARKUP)));
            assertThat(b.script("return window.__xss === undefined")).isEqualTo(true);
            assertThat(b.all("#errors img, #errors script")).isEmpty();
            assertThat(run.get(40, TimeUnit.SECONDS)).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
            b.await(Duration.ofSeconds(10), "the end of the run on the page", d -> facts(b).contains("status finished"));
            assertThat(b.consoleErrors()).isEmpty();

            b.open(results.resolve("report.html").toUri().toString());
            b.await(Duration.ofSeconds(10), "the report's charts", d -> b.all(".chart canvas").size() == CHARTS.size());
            for (String chart : CHARTS) {
                assertThat(points(b, chart)).as(chart).isGreaterThan(3);
            }
            assertThat(b.all("#errors td.text")).extracting(WebElement::getText).contains("HTTP 500: " + MARKUP);
            assertThat(b.script("return window.__xss === undefined")).isEqualTo(true);
            assertThat(b.all("#errors img, #errors script")).isEmpty();
            assertThat(b.script("return performance.getEntriesByType('resource').length")).as("nothing fetched: it works offline").isEqualTo(0L);
            assertThat(b.find("#endpoints tbody").getText()).contains("GET /");
            assertThat(b.find("#config").getText()).contains("\"line\": \"GET http://127.0.0.1:" + fixture.getAddress().getPort() + "/\"");
            b.screenshot("report");
            assertThat(b.consoleErrors()).isEmpty();
        } finally {
            fixture.stop(0);
        }
    }
}
