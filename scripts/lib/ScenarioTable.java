import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.Locale;

/**
 * The table at the end of scripts/test-scenarios.sh, read from each run's summary.json. Run with the
 * loadgen jar on the class path (it holds Jackson): java -cp loadgen.jar ScenarioTable.java NAME=CODE=DIR...
 */
public class ScenarioTable {
    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String format = "%-14s %-12s %10s %11s %16s %11s%n";
        System.out.printf(Locale.ROOT, format, "scenario", "result", "requests", "p95", "errors", "thresholds");
        for (String a : args) {
            String[] p = a.split("=", 3);
            String name = p[0];
            int code = Integer.parseInt(p[1]);
            String result = switch (code) {
                case 0 -> "passed";
                case 1 -> "FAILED";
                default -> "error (" + code + ")";
            };
            File f = new File(p[2], "summary.json");
            if (!f.isFile()) {
                System.out.printf(Locale.ROOT, format, name, result, "-", "-", "-", "-");
                continue;
            }
            JsonNode s = json.readTree(f);
            JsonNode t = s.path("totals");
            long requests = t.path("requests").asLong();
            long errors = t.path("httpErrors").asLong() + t.path("timeouts").asLong() + t.path("connectErrors").asLong()
                    + t.path("interrupted").asLong();
            int held = 0;
            int all = 0;
            for (JsonNode th : s.path("thresholds")) {
                all++;
                held += th.path("ok").asBoolean() ? 1 : 0;
            }
            String errorText = String.format(Locale.ROOT, "%d (%.2f%%)", errors, requests == 0 ? 0 : 100.0 * errors / requests);
            System.out.printf(Locale.ROOT, format, name, result, requests,
                    String.format(Locale.ROOT, "%.1fms", s.path("latencyMs").path("p95").asDouble()), errorText, held + "/" + all);
        }
    }
}
