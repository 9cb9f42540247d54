package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compression: true} and {@code redirects: 3} through the real launcher, in a 64 MB heap: a redirect chain ending in a
 * gzipped JSON body that a check reads, a 256 MB gzip bomb capped as body_too_large while the run goes on, and a redirect
 * loop cut after three hops; summary.json tells each apart.
 */
class CompressionRedirectsIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final byte[] JSON = ("{\"name\":\"ann\",\"text\":\"" + "a post ".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    static byte[] gzip(byte[] plain, int times) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
            for (int i = 0; i < times; i++) {
                out.write(plain);
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void a_run_follows_redirects_decodes_bodies_and_caps_a_bomb_in_a_small_heap() throws Exception {
        byte[] data = gzip(JSON, 1);
        // 256 MB of zeros: four times the heap, were it inflated whole
        byte[] bomb = gzip(new byte[1 << 20], 256);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract(Handler.Abstract.InvocationType.BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                String accepted = String.valueOf(request.getHeaders().get("Accept-Encoding"));
                switch (path) {
                    case "/start" -> redirect(response, 302, "/middle", callback);
                    case "/middle" -> redirect(response, 303, "data", callback);
                    case "/loop" -> redirect(response, 302, "/loop", callback);
                    case "/data" -> {
                        boolean gzip = List.of(accepted.split("\\s*,\\s*")).contains("gzip");
                        if (gzip) {
                            response.getHeaders().put("Content-Encoding", "gzip");
                        }
                        response.getHeaders().put("Content-Type", "application/json");
                        response.write(true, ByteBuffer.wrap(gzip ? data : JSON), callback);
                    }
                    default -> {
                        response.getHeaders().put("Content-Encoding", "gzip");
                        response.write(true, ByteBuffer.wrap(bomb), callback);
                    }
                }
                return true;
            }

            private void redirect(Response response, int status, String location, Callback callback) {
                response.setStatus(status);
                response.getHeaders().put("Location", location);
                callback.succeeded();
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + connector.getLocalPort();
            Path config = dir.resolve("site.yaml");
            Files.writeString(config, """
                    scenario: none
                    target:
                      named: {site: "%s"}
                      compression: true
                      redirects: 3
                    users: {account: none, actions: {browse: 1}}
                    actions:
                      browse:
                        - request: GET site /start
                          check: [{json: $.name, equals: ann}]
                        - request: GET site /bomb
                        - request: GET site /loop
                    """.formatted(url));
            Path out = dir.resolve("run");
            ProcessBuilder pb = new ProcessBuilder(List.of(ROOT.resolve("loadgen").toString(), "--config", config.toString(), "--users", "4",
                    "--ramp-time", "0s", "--think", "0", "--duration", "4s", "--self-warm", "0", "--quiet", "--metrics-port", "0",
                    "--dashboard-port", "0", "--out", out.toString()))
                    .directory(dir.toFile()).redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
            pb.environment().put("LOADGEN_JAVA_OPTS", "-Xmx64m -Xmn16m");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("loadgen did not end within 120 s: " + Files.readString(dir.resolve("stderr")));
            }
            String err = Files.readString(dir.resolve("stderr"));
            assertThat(p.exitValue()).as(err).isZero();
            assertThat(err).doesNotContain("WARNING").doesNotContain("out of memory");
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            assertThat(s.has("aborted")).isFalse();

            JsonNode start = endpoint(s, "GET /start");
            long sessions = start.path("count").asLong();
            assertThat(sessions).isPositive();
            assertThat(start.path("byStatus").path("302").asLong()).isEqualTo(sessions);
            assertThat(endpoint(s, "GET /start (redirect 1)").path("byStatus").path("303").asLong()).isEqualTo(sessions);
            JsonNode last = endpoint(s, "GET /start (redirect 2)");
            assertThat(last.path("byOutcome").path("ok").asLong()).isEqualTo(last.path("count").asLong()).isEqualTo(sessions);
            // the check read the decoded JSON; it is counted under the request's own endpoint
            assertThat(start.path("checks").path("json $.name = ann").path("passed").asLong()).isEqualTo(sessions);
            assertThat(last.path("bodyBytes").asLong()).isEqualTo(sessions * JSON.length);
            assertThat(last.path("bodyWireBytes").asLong()).isEqualTo(sessions * data.length);

            JsonNode capped = endpoint(s, "GET /bomb");
            long bombs = capped.path("count").asLong();
            assertThat(bombs).isPositive();
            assertThat(capped.path("byOutcome").path("body_too_large").asLong()).isEqualTo(bombs);
            assertThat(capped.path("bodyWireBytes").asLong()).isEqualTo(bombs * bomb.length);
            assertThat(capped.path("bodyBytes").asLong()).isLessThanOrEqualTo(bombs * (4L * 1024 * 1024 + 8192));

            JsonNode loop = endpoint(s, "GET /loop (redirect 3)");
            assertThat(loop.path("byOutcome").path("http_error").asLong()).isEqualTo(loop.path("count").asLong()).isPositive();
            assertThat(loop.path("errorTexts").fieldNames().next()).isEqualTo("redirected more than 3 times; last Location " + url + "/loop (redirects: 3)");
        } finally {
            server.stop();
        }
    }

    private static JsonNode endpoint(JsonNode summary, String name) {
        for (JsonNode e : summary.path("endpoints")) {
            if (e.path("endpoint").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no endpoint " + name + " in " + summary.path("endpoints"));
    }
}
