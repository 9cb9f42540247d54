import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks of scripts/image-test.sh, read from what the containers left. Run with the loadgen jar on the
 * class path (it holds Jackson): java -cp loadgen.jar ImageTestCheck.java ...
 *
 * <pre>
 *   summary DIR                          DIR/summary.json: each of the four services got requests, no organic error
 *   prometheus URL DASHBOARD SECONDS     Prometheus at URL: job loadgen and the four targets of job demo are up, and
 *                                        the Grafana dashboard's request rates (loadgen's and the services' own) have
 *                                        a series per service; asked again every 2 s for up to SECONDS
 * </pre>
 *
 * Prints one line on success; on failure one line naming what is missing, and exits 1.
 */
public class ImageTestCheck {
    static final Set<String> SERVICES = Set.of("auth", "users", "posts", "chat");
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        List<String> problems = switch (args.length > 0 ? args[0] : "") {
            case "summary" -> summary(new File(args[1], "summary.json"));
            case "prometheus" -> prometheus(args[1], new File(args[2]), Duration.ofSeconds(Long.parseLong(args[3])));
            default -> throw new IllegalArgumentException("usage: ImageTestCheck summary DIR | prometheus URL DASHBOARD SECONDS");
        };
        if (!problems.isEmpty()) {
            System.err.println("image-test: FAILED: " + String.join("; ", problems));
            System.exit(1);
        }
    }

    static List<String> summary(File file) throws Exception {
        if (!file.isFile()) {
            return List.of("no " + file + ": the run wrote no results into the mounted folder (see its log beside it)");
        }
        JsonNode s = JSON.readTree(file);
        Map<String, Long> byService = new TreeMap<>();
        for (JsonNode e : s.path("endpoints")) {
            byService.merge(e.path("service").asText(), e.path("count").asLong(), Long::sum);
        }
        List<String> problems = new ArrayList<>();
        for (String service : new TreeSet<>(SERVICES)) {
            if (byService.getOrDefault(service, 0L) == 0) {
                problems.add(file + ": no request reached " + service);
            }
        }
        JsonNode totals = s.path("totals");
        if (!totals.has("organicErrors") || totals.path("organicErrors").asLong() != 0) {
            problems.add(file + ": organic errors " + totals.path("organicErrors") + " (totals " + totals + "), expected 0");
        }
        if (problems.isEmpty()) {
            System.out.println("image-test: " + file + ": " + totals.path("requests").asLong() + " requests " + byService
                    + ", 0 organic errors");
        }
        return problems;
    }

    static List<String> prometheus(String base, File dashboard, Duration patience) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        JsonNode panels = JSON.readTree(dashboard).path("panels");
        String clientRate = expression(panels, "Request rate by service");
        String serverRate = expression(panels, "Server request rate by service");
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> problems;
        while (true) {
            problems = new ArrayList<>();
            Map<String, Set<String>> up = new TreeMap<>();
            for (JsonNode r : query(http, base, "up == 1")) {
                up.computeIfAbsent(r.path("metric").path("job").asText(), j -> new TreeSet<>())
                        .add(r.path("metric").path("service").asText(r.path("metric").path("instance").asText()));
            }
            if (up.getOrDefault("loadgen", Set.of()).isEmpty()) {
                problems.add("Prometheus has no target of job loadgen up (up == 1 gave " + up + ")");
            }
            if (!up.getOrDefault("demo", Set.of()).containsAll(SERVICES)) {
                problems.add("Prometheus has not all of " + new TreeSet<>(SERVICES) + " up in job demo (up == 1 gave " + up + ")");
            }
            Set<String> client = services(query(http, base, clientRate));
            Set<String> server = services(query(http, base, serverRate));
            if (!client.containsAll(SERVICES)) {
                problems.add("the dashboard's 'Request rate by service' has series for " + client + " only: " + clientRate);
            }
            if (!server.containsAll(SERVICES)) {
                problems.add("the dashboard's 'Server request rate by service' has series for " + server + " only: " + serverRate);
            }
            if (problems.isEmpty()) {
                System.out.println("image-test: Prometheus scrapes " + up + "; the dashboard's request rates have series for "
                        + client + " (loadgen) and " + server + " (services)");
                return problems;
            }
            if (System.nanoTime() > deadline) {
                return problems;
            }
            Thread.sleep(2000);
        }
    }

    /** A panel's first PromQL with the dashboard's variables at their defaults ("All") and a 30 s rate window. */
    static String expression(JsonNode panels, String title) {
        for (JsonNode p : panels) {
            if (title.equals(p.path("title").asText()) && p.path("targets").size() > 0) {
                return p.path("targets").get(0).path("expr").asText()
                        .replace("$service", ".*").replace("$endpoint", ".*").replace("$__rate_interval", "30s");
            }
        }
        throw new IllegalStateException("the dashboard has no panel '" + title + "' with a query; update scripts/lib/ImageTestCheck.java with it");
    }

    static Set<String> services(JsonNode result) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : result) {
            if (r.path("value").path(1).asDouble() > 0) {
                out.add(r.path("metric").path("service").asText());
            }
        }
        return out;
    }

    static JsonNode query(HttpClient http, String base, String promql) throws Exception {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("Prometheus answered " + r.statusCode() + " to " + promql + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("data").path("result");
        } catch (java.io.IOException e) {
            return JSON.createArrayNode();
        }
    }
}
