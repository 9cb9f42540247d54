package dev.loadgen.config;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the {@code load} section into a {@link LoadProfile}. The closed model's {@code users}, {@code ramp}
 * and {@code duration} become stages (ramp to N, then hold), so that the engine knows only stages. The
 * duration is the whole run, ramp included, as with Locust's {@code --run-time}.
 */
final class LoadBinder {
    static final int DEFAULT_USERS = 10;
    static final Duration DEFAULT_DURATION = Duration.ofMinutes(1);
    static final double DEFAULT_RAMP = 10;
    static final int DEFAULT_MAX_USERS = 1000;
    static final int MIN_SCALED_RAMP_SECONDS = 5;

    private LoadBinder() {}

    /**
     * {@code load.start-at} ({@code --start-at}), else the environment's {@value RunConfig#START_AT_VARIABLE}: the moment at which
     * every instance of a scaled-out run begins its schedule. Empty (a blank value too, as {@code ${LOADGEN_START_AT:-}}
     * gives when the variable is unset): the schedule begins when the instance is ready. Read before {@link #bind}, from
     * the same reader, so that its {@code finish} knows the key.
     */
    static Optional<Instant> startAt(MapReader load, Function<String, String> env) {
        Optional<ConfigNode.Scalar> set = load.scalar("start-at").filter(s -> !s.text().isBlank());
        if (set.isPresent()) {
            return Optional.of(Values.instant(set.get().text(), set.get().origin(), load.key("start-at")));
        }
        String fromEnv = env.apply(RunConfig.START_AT_VARIABLE);
        if (fromEnv == null || fromEnv.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Values.instant(fromEnv, Origin.flag(RunConfig.START_AT_VARIABLE), load.key("start-at")));
    }

    static LoadProfile bind(MapReader load) {
        String model = load.string("model").map(s -> s.toLowerCase(Locale.ROOT))
                .orElse(load.has("rate") ? "open" : "closed");
        Duration gracefulStop = load.duration("graceful-stop", Duration.ofSeconds(30));
        Segment segment = load.scalar("segment").map(s -> Values.segment(s.text(), s.origin(), load.key("segment")))
                .orElse(Segment.WHOLE);
        LoadProfile profile = switch (model) {
            case "closed" -> closed(load, gracefulStop, segment);
            case "open" -> open(load, gracefulStop, segment);
            default -> throw new ConfigException(load.scalar("model").orElseThrow().origin(),
                    load.key("model") + " must be closed or open, got '" + model + "'");
        };
        double scale = load.scalar("time-scale").map(n -> MapReader.toDouble(n, load.key("time-scale"), 0, 100)).orElse(1.0);
        if (scale <= 0) {
            throw new ConfigException(load.scalar("time-scale").orElseThrow().origin(), load.key("time-scale")
                    + " must be above 0, like 0.05 to run a twentieth of every duration");
        }
        load.finish();
        return scale == 1.0 ? profile : timeScaled(profile, scale);
    }

    /**
     * {@code load.time-scale}: every stage multiplied by {@code scale}, so a long scenario keeps its shape
     * in a quick check (SCENARIO_SCALE in scripts/test-scenarios.sh). Targets (users, rates) are kept, so
     * a ramp reaches the same peak in less time, and is {@code 1/scale} times as steep: at 0.01 a ramp of
     * 50 users over two minutes would start them all within a second, the whole ramp's sign-ups at once,
     * a test of the machine rather than of the service. So a stage that moves the target (a ramp) is never
     * squeezed below {@value #MIN_SCALED_RAMP_SECONDS} s, and one that holds it below 1 s (nor either below
     * its own length, if shorter). The graceful stop is kept too: it is not part of the shape but the time a
     * request in flight gets to finish, and cutting it would turn slow answers into interrupted ones,
     * errors that the full-length run would not have had.
     */
    static LoadProfile timeScaled(LoadProfile p, double scale) {
        List<LoadProfile.Stage> stages = new ArrayList<>();
        double previous = p instanceof LoadProfile.Open o ? o.startRate() : 0;
        for (LoadProfile.Stage s : p.stages()) {
            Duration floor = Duration.ofSeconds(s.target() == previous ? 1 : MIN_SCALED_RAMP_SECONDS);
            stages.add(new LoadProfile.Stage(scaled(s.duration(), scale, floor), s.target()));
            previous = s.target();
        }
        return switch (p) {
            case LoadProfile.Closed c -> new LoadProfile.Closed(stages, c.gracefulStop(), c.segment());
            case LoadProfile.Open o -> new LoadProfile.Open(o.startRate(), stages, o.arrivals(), o.maxUsers(), o.gracefulStop(), o.segment());
        };
    }

    private static Duration scaled(Duration d, double scale, Duration floor) {
        Duration min = d.compareTo(floor) < 0 ? d : floor;
        Duration s = Duration.ofNanos(Math.round(d.toNanos() * scale));
        return s.compareTo(min) < 0 ? min : s;
    }

    private static LoadProfile closed(MapReader load, Duration gracefulStop, Segment segment) {
        for (String openOnly : List.of("rate", "max-users", "arrivals", "start-rate")) {
            load.node(openOnly).ifPresent(n -> {
                throw new ConfigException(n.origin(), load.key(openOnly) + " belongs to the open model; "
                        + "set load.model: open (or --rate) or remove it");
            });
        }
        List<ConfigNode> stageNodes = load.list("stages");
        if (!stageNodes.isEmpty()) {
            rejectWithStages(load, "users", "ramp", "ramp-time", "duration");
            return new LoadProfile.Closed(stages(stageNodes, load.key("stages"), false), gracefulStop, segment);
        }
        int users = load.integer("users", DEFAULT_USERS, 1, 10_000_000);
        Duration duration = positive(load, "duration", DEFAULT_DURATION);
        Duration ramp = rampTime(load, users);
        if (ramp.compareTo(duration) > 0) {
            throw new ConfigException(load.origin(), "the ramp (" + Values.format(ramp) + " to start " + users
                    + " users) is longer than load.duration " + Values.format(duration)
                    + "; raise the duration or the ramp rate");
        }
        List<LoadProfile.Stage> stages = new ArrayList<>();
        stages.add(new LoadProfile.Stage(ramp, users));
        stages.add(new LoadProfile.Stage(duration.minus(ramp), users));
        return new LoadProfile.Closed(stages, gracefulStop, segment);
    }

    private static Duration rampTime(MapReader load, int users) {
        var rate = load.scalar("ramp");
        var time = load.duration("ramp-time");
        if (rate.isPresent() && time.isPresent()) {
            throw new ConfigException(rate.get().origin(), load.key("ramp") + " and " + load.key("ramp-time")
                    + " both set the ramp; keep one");
        }
        if (time.isPresent()) {
            return time.get();
        }
        if (rate.isPresent() && Values.ratePerSecond(rate.get().text(), rate.get().origin(), load.key("ramp")) <= 0) {
            throw new ConfigException(rate.get().origin(), load.key("ramp") + " " + rate.get().text()
                    + " would start no users; give a rate above 0 like 20/s, or " + load.key("ramp-time") + " 0 to start every user at once");
        }
        double perSecond = rate.map(s -> Values.ratePerSecond(s.text(), s.origin(), load.key("ramp")))
                .orElse(DEFAULT_RAMP);
        if (perSecond <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) (users / perSecond * 1e9));
    }

    private static LoadProfile open(MapReader load, Duration gracefulStop, Segment segment) {
        load.node("users").ifPresent(n -> {
            throw new ConfigException(n.origin(), load.key("users") + " belongs to the closed model; "
                    + "with a rate, cap concurrency with load.max-users (--max-users)");
        });
        load.node("ramp").ifPresent(n -> {
            throw new ConfigException(n.origin(), load.key("ramp") + " (users per second) belongs to the closed model; "
                    + "with a rate, use load.ramp-time (--ramp-time) to ramp the rate up");
        });
        int maxUsers = load.integer("max-users", DEFAULT_MAX_USERS, 1, 10_000_000);
        LoadProfile.Arrivals arrivals = load.scalar("arrivals").map(s -> switch (s.text().toLowerCase(Locale.ROOT)) {
            case "poisson" -> LoadProfile.Arrivals.POISSON;
            case "constant" -> LoadProfile.Arrivals.CONSTANT;
            default -> throw new ConfigException(s.origin(), load.key("arrivals") + " must be poisson or constant, got '" + s.text() + "'");
        }).orElse(LoadProfile.Arrivals.POISSON);
        List<ConfigNode> stageNodes = load.list("stages");
        if (!stageNodes.isEmpty()) {
            rejectWithStages(load, "rate", "ramp-time", "duration");
            double start = load.scalar("start-rate")
                    .map(s -> Values.ratePerSecond(s.text(), s.origin(), load.key("start-rate"))).orElse(0.0);
            return new LoadProfile.Open(start, stages(stageNodes, load.key("stages"), true), arrivals, maxUsers,
                    gracefulStop, segment);
        }
        load.node("start-rate").ifPresent(n -> {
            throw new ConfigException(n.origin(), load.key("start-rate") + " applies to load.stages only; remove it");
        });
        ConfigNode.Scalar rateNode = load.scalar("rate").orElseThrow(() -> new ConfigException(load.origin(),
                "the open model needs load.rate (--rate), e.g. 50/s"));
        double rate = Values.ratePerSecond(rateNode.text(), rateNode.origin(), load.key("rate"));
        if (rate <= 0) {
            throw new ConfigException(rateNode.origin(), load.key("rate") + " must be above 0, got " + rateNode.text());
        }
        Duration duration = positive(load, "duration", DEFAULT_DURATION);
        Duration ramp = load.duration("ramp-time", Duration.ZERO);
        if (ramp.compareTo(duration) > 0) {
            throw new ConfigException(load.origin(), load.key("ramp-time") + " " + Values.format(ramp)
                    + " is longer than load.duration " + Values.format(duration) + "; shorten it");
        }
        List<LoadProfile.Stage> stages = new ArrayList<>();
        if (!ramp.isZero()) {
            stages.add(new LoadProfile.Stage(ramp, rate));
        }
        stages.add(new LoadProfile.Stage(duration.minus(ramp), rate));
        return new LoadProfile.Open(ramp.isZero() ? rate : 0, stages, arrivals, maxUsers, gracefulStop, segment);
    }

    private static Duration positive(MapReader load, String key, Duration fallback) {
        Duration d = load.duration(key, fallback);
        if (d.isZero()) {
            throw new ConfigException(load.scalar(key).map(ConfigNode::origin).orElse(load.origin()),
                    load.key(key) + " must be above 0; write it like 30s or 5m");
        }
        return d;
    }

    private static void rejectWithStages(MapReader load, String... keys) {
        for (String k : keys) {
            load.node(k).ifPresent(n -> {
                throw new ConfigException(n.origin(), load.key(k) + " cannot be combined with load.stages, "
                        + "which give the whole shape; remove one of them");
            });
        }
    }

    private static List<LoadProfile.Stage> stages(List<ConfigNode> nodes, String key, boolean rates) {
        List<LoadProfile.Stage> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            MapReader s = MapReader.of(nodes.get(i), key + "." + i);
            Duration d = s.duration("duration").orElseThrow(() -> new ConfigException(s.origin(),
                    s.key("duration") + " is missing; a stage is {duration: 1m, target: " + (rates ? "50/s" : "100") + "}"));
            ConfigNode.Scalar t = s.scalar("target").orElseThrow(() -> new ConfigException(s.origin(),
                    s.key("target") + " is missing; a stage is {duration: 1m, target: " + (rates ? "50/s" : "100") + "}"));
            double target = rates ? Values.ratePerSecond(t.text(), t.origin(), s.key("target"))
                    : MapReader.toInt(t, s.key("target"), 0, 10_000_000);
            s.finish();
            out.add(new LoadProfile.Stage(d, target));
        }
        if (out.stream().allMatch(st -> st.duration().isZero())) {
            throw new ConfigException(nodes.getFirst().origin(), key + " last no time at all; give a stage a duration");
        }
        return out;
    }
}
