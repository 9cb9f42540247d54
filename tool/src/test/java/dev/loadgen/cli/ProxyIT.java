package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.protocol.TestProxy;
import dev.loadgen.protocol.TestTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run through the launcher, with the proxy of its environment (one that wants credentials) and a name override: https
 * goes through a CONNECT tunnel, http (loopback too, as curl sends it) in absolute form, the overridden name straight to
 * 127.0.0.1 under its own name. The proxy is named at start without its password, recorded in config.json, and its
 * password reaches no output.
 */
class ProxyIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final String PLANTED = "PLANTED-proxy-pw";

    @TempDir
    Path dir;

    private Process run(Path config, Path results, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("loadgen").toString(), "--config", config.toString(), "--users", "2",
                "--duration", "3s", "--self-warm", "0", "--metrics-port", "0", "--dashboard-port", "0", "--out", results.toString())
                .directory(dir.toFile()).redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("loadgen ends").isTrue();
        return p;
    }

    @Test
    void a_run_goes_through_the_environments_proxy_with_credentials_that_show_nowhere() throws Exception {
        try (TestProxy proxy = TestProxy.withCredentials("ann:" + PLANTED);
             TestTarget secure = TestTarget.tls(dir, "api.example.test");
             TestTarget plain = TestTarget.plain()) {
            Path config = dir.resolve("proxy.yaml");
            Files.writeString(config, """
                    target:
                      named:
                        secure: {url: "https://api.example.test:%d", tls: {insecure-skip-verify: true}}
                        plain: "http://127.0.0.1:%d"
                        shop: "http://shop.example.test:%d"
                      hosts: {shop.example.test: 127.0.0.1}
                    users:
                      mix: {caller: 1}
                    actions:
                      browse:
                        - request: GET secure /items
                        - request: GET plain /health
                        - request: GET shop /cart
                    personas:
                      caller:
                        think: 100ms
                        flow:
                          start: {browse: 1.0}
                          browse: {browse: 0.9, end: 0.1}
                    """.formatted(secure.port(), plain.port(), plain.port()));
            Path results = dir.resolve("run");
            String proxyUrl = "http://ann:" + PLANTED + "@127.0.0.1:" + proxy.port();
            Process p = run(config, results, Map.of("https_proxy", proxyUrl, "http_proxy", proxyUrl));
            String stdout = Files.readString(dir.resolve("stdout"));
            String stderr = Files.readString(dir.resolve("stderr"));
            assertThat(p.exitValue()).as(stderr).isZero();
            assertThat(stderr).contains("loadgen: through the proxy http://(redacted)@127.0.0.1:" + proxy.port()
                    + " (from the environment) for secure, plain; loopback too, as curl does (list 127.0.0.1 in target.no-proxy or NO_PROXY to reach it directly)");
            assertThat(proxy.refused).hasValue(0);
            assertThat(proxy.carried).contains("CONNECT api.example.test:" + secure.port(), "GET http://127.0.0.1:" + plain.port() + "/health");
            assertThat(proxy.carried).noneMatch(r -> r.contains("shop.example.test") || r.contains("/cart"));
            assertThat(secure.sni).isNotEmpty().containsOnly("api.example.test");
            assertThat(plain.hosts).contains("shop.example.test:" + plain.port(), "127.0.0.1:" + plain.port());
            assertThat(secure.proxyAuthorizations).isEmpty();
            assertThat(plain.proxyAuthorizations).isEmpty();

            JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
            assertThat(summary.toString()).contains("GET /items").contains("GET /cart");
            JsonNode proxyConfig = new ObjectMapper().readTree(results.resolve("config.json").toFile()).path("target").path("network").path("proxy");
            assertThat(proxyConfig.path("mode").asText()).isEqualTo("env");
            assertThat(proxyConfig.path("https").asText()).isEqualTo("http://ann:(redacted)@127.0.0.1:" + proxy.port());

            List<String> leaks = new ArrayList<>();
            check("stdout", stdout, leaks);
            check("stderr", stderr, leaks);
            try (Stream<Path> files = Files.walk(results)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    check(results.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1), leaks);
                }
            }
            assertThat(leaks).as("outputs that carry the proxy's password").isEmpty();
        }
    }

    @Test
    void an_override_to_an_address_that_is_not_allowed_stops_the_run_before_anything_is_sent() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                target:
                  posts: http://api.example.test:8080
                  hosts:
                    api.example.test: 10.9.8.7
                """);
        Process p = run(config, dir.resolve("bad"), Map.of());
        String stderr = Files.readString(dir.resolve("stderr"));
        assertThat(p.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr.strip()).isEqualTo("loadgen: " + config + ":4:23: target.hosts.api.example.test: 10.9.8.7 is neither loopback nor an allowed host; "
                + "if the address is yours, add it to target.allowed-hosts: [10.9.8.7]");
    }

    private static void check(String channel, String text, List<String> leaks) {
        int at = text.indexOf(PLANTED);
        if (at >= 0) {
            leaks.add(channel + ": ..." + text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 40)).replace('\n', ' ') + "...");
        }
    }
}
