package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.demo.RunningDemo;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A short run against the demo that feeds every panel of the shipped Grafana dashboard: every service, a
 * request that fails, chat, and (through the run's meters) a chaos injection; tracing on, so exemplars exist.
 */
final class DashboardRun {
    private DashboardRun() {}

    /** Spans are made (so exemplars exist) and go nowhere. */
    private static final class Discard implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /**
     * What the run printed on its error stream, and how long it took from printing where its results are (the
     * summary is written) to returning: the time its end costs (the last push, the last spans, closing down).
     */
    record Run(String err, Duration closing) {}

    /** Marks when the results line goes out. */
    private static final class Watch extends OutputStream {
        private final StringBuilder text = new StringBuilder();
        private long resultsAt;

        @Override
        public synchronized void write(int b) {
            text.append((char) b);
            if (resultsAt == 0 && text.indexOf("results: ") >= 0) {
                resultsAt = System.nanoTime();
            }
        }
    }

    /**
     * Runs it, results in {@code dir/results}, and asserts it passed.
     *
     * @param observe the run's {@code observe:} section, as YAML flow mapping
     */
    static Run run(Path dir, RunningDemo demo, String duration, String observe) throws Exception {
        Path config = dir.resolve("loadgen.yaml");
        Files.writeString(config, """
                target: {auth: %s, users: %s, posts: %s, chat: %s}
                load: {users: 12, ramp: 10/s, duration: %s, graceful-stop: 5s}
                users:
                  think: 60ms
                  session: {actions: 15, gap: 200ms}
                  actions:
                    posts: {feed: 4, read: 2, create: 2, like: 1}
                    users: {view: 1, follow: 1}
                    chat: {talk: 3}
                    http: {missing: 1}
                requests:
                  - {name: missing, service: posts, path: /posts/does-not-exist, expect: 200}
                observe: %s
                seed: 11
                """.formatted(demo.authUrl(), demo.usersUrl(), demo.postsUrl(), demo.chatUrl(), duration, observe));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunRequest request = new RunRequest(Optional.of(config), List.of(), List.of(
                ConfigLoader.FlagValue.of("output.dir", dir.resolve("results").toString(), "--out"),
                ConfigLoader.FlagValue.of("output.quiet", "true", "--quiet")), false);
        // chaos injection is another issue's: one injection counted through the same counters stands in for it
        Watch out = new Watch();
        Runner runner = new Runner(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new Runner.Seams(c -> new Discard(), m -> m.chaos().injected("delay")));
        int code = runner.run();
        long returned = System.nanoTime();
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(out.resultsAt).as("the results line was printed").isPositive();
        return new Run(printed, Duration.ofNanos(returned - out.resultsAt));
    }
}
