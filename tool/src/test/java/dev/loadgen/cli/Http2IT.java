package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.protocol.ProtocolServer;
import dev.loadgen.protocol.ProtocolServer.Offer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A run against three targets that speak HTTP/2 over TLS, h2c, and HTTP/1.1 reports, in summary.json and on the console,
 * the protocol each one negotiated.
 */
class Http2IT {
    @TempDir
    Path dir;

    @Test
    void summary_json_and_the_console_say_which_protocol_each_target_negotiated() throws Exception {
        Path keystore = ProtocolServer.selfSigned(dir);
        try (ProtocolServer tls = new ProtocolServer(Offer.TLS_H2_H1, keystore);
             ProtocolServer h2c = new ProtocolServer(Offer.H1_H2C, keystore);
             ProtocolServer old = new ProtocolServer(Offer.H1, keystore)) {
            Path config = dir.resolve("h2.yaml");
            Files.writeString(config, """
                    target:
                      named:
                        secure: {url: "%s", tls: {insecure-skip-verify: true}}
                        clear: {url: "%s", http: 2}
                        old: "%s"
                    users:
                      actions: {visit: 1}
                    actions:
                      visit:
                        - request: GET secure /a
                        - request: GET clear /b
                        - request: GET old /c
                    """.formatted(tls.uri(""), h2c.uri(""), old.uri("")));
            Main main = new Main();
            new CommandLine(main).parseArgs("--config", config.toString(), "--users", "2", "--duration", "2s", "--quiet",
                    "--metrics-port", "0", "--dashboard-port", "0", "--out", dir.resolve("run").toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new Runner(RunRequest.from(main), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run();
            String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(console).isZero();
            JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
            assertThat(summary.path("totals").path("ok").asLong()).isEqualTo(summary.path("totals").path("requests").asLong()).isPositive();
            JsonNode protocols = summary.path("protocols");
            assertThat(protocols.path("secure").path("h2").asLong()).isEqualTo(tls.seen.size()).isPositive();
            assertThat(protocols.path("clear").path("h2c").asLong()).isEqualTo(h2c.seen.size()).isPositive();
            assertThat(protocols.path("old").path("HTTP/1.1").asLong()).isEqualTo(old.seen.size()).isPositive();
            assertThat(protocols.properties()).allMatch(p -> p.getValue().size() == 1);
            for (JsonNode e : summary.path("endpoints")) {
                assertThat(e.path("protocols").size()).as(e.toString()).isEqualTo(1);
            }
            assertThat(console).contains("protocols: secure h2; clear h2c; old HTTP/1.1\n");
        }
    }
}
