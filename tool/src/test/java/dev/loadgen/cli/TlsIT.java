package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.TestCertificates;
import dev.loadgen.TestCertificates.Issued;
import dev.loadgen.TlsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A run against three HTTPS targets with certificates made in the test: one that requires a client certificate and
 * gets it (PEM files, with the CA to trust), one whose CA loadgen is not told of (every request a tls_error, counted
 * in summary.json with a text that says what to do), and one reached with insecure-skip-verify (one warning at start,
 * recorded in config.json, its password redacted there).
 */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void a_run_over_tls_counts_verification_failures_and_records_the_opt_out() throws Exception {
        Issued ca = TestCertificates.ca("loadgen test CA");
        Issued server = TestCertificates.server(ca, "127.0.0.1");
        Issued client = TestCertificates.client(ca, "loadgen user");
        TestCertificates.pem(dir.resolve("certs/ca.pem"), List.of(ca.cert()));
        TestCertificates.pem(dir.resolve("certs/client.pem"), client.chain());
        TestCertificates.encryptedPkcs8(dir.resolve("certs/client.key"), client.key(), "PLANTED-keypass");
        try (TlsServer mutual = new TlsServer(server, Optional.of(ca.cert()), List.of());
             TlsServer unverified = TlsServer.start(server);
             TlsServer skipped = TlsServer.start(server)) {
            Path config = dir.resolve("tls.yaml");
            Files.writeString(config, """
                    target:
                      named:
                        secure:
                          url: https://127.0.0.1:%d
                          tls: {ca: certs/ca.pem, cert: certs/client.pem, key: certs/client.key, password: "${KEY_PASSWORD:-PLANTED-keypass}"}
                        unverified: https://127.0.0.1:%d
                        skipped: {url: "https://127.0.0.1:%d", tls: {insecure-skip-verify: true}}
                    users:
                      mix: {caller: 1}
                    actions:
                      secure:
                        - request: GET secure /
                      unverified:
                        - request: GET unverified /
                      skipped:
                        - request: GET skipped /
                    personas:
                      caller:
                        think: 20ms
                        flow:
                          start: {secure: 1.0}
                          secure: {unverified: 1.0}
                          unverified: {skipped: 1.0}
                          skipped: {secure: 0.9, end: 0.1}
                    """.formatted(mutual.port(), unverified.port(), skipped.port()));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Main m = new Main();
            Path results = dir.resolve("run");
            new CommandLine(m).parseArgs("--config", config.toString(), "--users", "2", "--duration", "3s", "--self-warm", "0",
                    "--quiet", "--metrics-port", "0", "--dashboard-port", "0", "--out", results.toString());
            int code = new Runner(RunRequest.from(m), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run();
            String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(console).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("insecure-skip-verify")).toList())
                    .containsExactly("loadgen: warning: tls.insecure-skip-verify is on for skipped: certificates are not verified, so any "
                            + "server (or anyone in between) is taken for the target; for test systems only (recorded in config.json)");

            ObjectMapper json = new ObjectMapper();
            JsonNode summary = json.readTree(results.resolve("summary.json").toFile());
            long tlsErrors = summary.path("totals").path("tlsErrors").asLong();
            assertThat(tlsErrors).as(console).isPositive();
            assertThat(summary.path("totals").path("organicErrors").asLong()).isEqualTo(tlsErrors);
            for (JsonNode e : summary.path("endpoints")) {
                String name = e.path("service").asText();
                long requests = e.path("count").asLong();
                assertThat(requests).as(name).isPositive();
                if (name.equals("unverified")) {
                    assertThat(e.path("byOutcome").path("tls_error").asLong()).as(name).isEqualTo(requests);
                    assertThat(e.path("errorTexts").path("TLS: the certificate of 127.0.0.1:" + unverified.port()
                            + " is not trusted (PKIX path building failed); add its CA with tls.ca").asLong()).isEqualTo(requests);
                } else {
                    assertThat(e.path("byOutcome").path("ok").asLong()).as(name).isEqualTo(requests);
                }
            }
            assertThat(mutual.fullHandshakes()).as("one per user, the rest resumed or kept alive").isBetween(1, 2);

            JsonNode recorded = json.readTree(results.resolve("config.json").toFile()).path("target");
            assertThat(recorded.path("networks").path("skipped").path("tls").path("insecure-skip-verify").asBoolean()).as(recorded.toString())
                    .isTrue();
            assertThat(recorded.path("network").path("tls").path("insecure-skip-verify").asBoolean()).isFalse();
            String everything = Files.readString(results.resolve("config.json")) + Files.readString(results.resolve("summary.json"))
                    + console;
            assertThat(everything).doesNotContain("PLANTED");
        }
    }
}
