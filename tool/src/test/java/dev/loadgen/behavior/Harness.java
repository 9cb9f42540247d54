package dev.loadgen.behavior;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.Metrics;
import dev.loadgen.metrics.WsCounters;
import dev.loadgen.protocol.HttpTransport;
import dev.loadgen.protocol.WsTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scenario written in a test, compiled and run for users one action at a time, on fakes of the target and a manual clock. */
final class Harness {
    final Metrics metrics = new Metrics();
    final WsCounters ws = new WsCounters();
    final ManualClock clock;
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final RunConfig config;
    final Scenario scenario;
    final ScenarioRuntime runtime;

    private Harness(RunConfig config, HttpTransport http, Optional<WsTransport> socket, Map<String, String> env) {
        this(config, http, socket, env, new ManualClock());
    }

    private Harness(RunConfig config, HttpTransport http, Optional<WsTransport> socket, Map<String, String> env, ManualClock clock) {
        this.clock = clock;
        this.config = config;
        if (http instanceof FakeTarget f) {
            f.recorder = metrics;
        }
        this.scenario = Scenario.compile(config, metrics, ws, env::get, clock);
        java.util.Optional<dev.loadgen.chaos.Chaos> chaos = config.chaos().active()
                ? java.util.Optional.of(dev.loadgen.chaos.Chaos.of(config.chaos(), config.seed(), clock::nanoTime)) : java.util.Optional.empty();
        chaos.ifPresent(dev.loadgen.chaos.Chaos::start);
        this.runtime = new ScenarioRuntime(scenario, new Services(http, socket, metrics, chaos, config.target(), clock,
                warnings::add), "run1");
    }

    /** A harness for the scenario in {@code yaml} (a config file's text) and these {@code --set}s. */
    static Harness of(String yaml, HttpTransport http, Optional<WsTransport> socket, String... sets) {
        return new Harness(config(yaml, sets), http, socket, Map.of("HOME_URL", "http://127.0.0.1:9"));
    }

    /**
     * A harness whose HTTP transport is made on the harness's own clock (a real transport, timing its exchanges in
     * the same virtual time as the users): for what the fake target only imitates.
     */
    static Harness onClock(String yaml, java.util.function.Function<ManualClock, HttpTransport> http) {
        ManualClock clock = new ManualClock();
        return new Harness(config(yaml), http.apply(clock), Optional.empty(), Map.of("HOME_URL", "http://127.0.0.1:9"), clock);
    }

    /** The config of {@code yaml}, loaded from a temporary file that is deleted once it is read. */
    static RunConfig config(String yaml, String... sets) {
        Path file = null;
        try {
            file = Files.createTempFile("scenario", ".yaml");
            Files.writeString(file, yaml);
            return ConfigLoader.load(Optional.of(file), List.of(sets), List.of(), k -> null, () -> 1L);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // left in the temporary folder: nothing to fail the test for
                }
            }
        }
    }

    UserState user(long number) {
        UserState u = runtime.newUser(number, new SplittableRandom(number), "test");
        u.beginSession();
        runtime.beginSession(u);
        return u;
    }

    void perform(String action, UserState user) throws InterruptedException {
        runtime.perform(new Action(action), user);
    }

    Map<String, Long> skips() {
        return metrics.skips().byReason();
    }
}
