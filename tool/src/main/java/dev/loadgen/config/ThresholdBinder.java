package dev.loadgen.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads {@code thresholds:} and the two keys that mark them to abort the run as soon as they fail. An item is
 * an expression, or a map that says more about one:
 *
 * <pre>
 * thresholds:
 *   - "posts.p95 &lt; 300ms"
 *   - {threshold: "errors.rate &lt; 1%", abort-on-fail: true, abort-grace: 10s}
 * abort-on-fail: false     # true (--abort-on-fail): every threshold that can fail before the end
 * abort-grace: 10s         # (--abort-grace) the grace of those that do not set their own
 * </pre>
 *
 * A threshold's own {@code abort-on-fail} beats the top-level one, in either direction.
 */
final class ThresholdBinder {
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final String FORMS = "expressions like 'posts.p95 < 300ms' or maps like "
            + "{threshold: 'errors.rate < 1%', abort-on-fail: true, abort-grace: 10s}";

    private ThresholdBinder() {}

    static List<Threshold> bind(MapReader top, Duration loadDuration, Consumer<String> warn) {
        List<ConfigNode> items = top.list("thresholds");
        Optional<ConfigNode.Scalar> all = top.scalar("abort-on-fail");
        boolean abortAll = top.bool("abort-on-fail", false);
        Optional<ConfigNode.Scalar> graceNode = top.scalar("abort-grace");
        Duration grace = top.duration("abort-grace", DEFAULT_GRACE);
        List<Threshold> out = new ArrayList<>();
        List<Threshold> leftToTheEnd = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = switch (items.get(i)) {
                case ConfigNode.Scalar s when !s.isNull() -> new Item(Threshold.parse(s.text(), s.origin()), Optional.empty(), Optional.empty());
                case ConfigNode.MapNode m -> item(MapReader.of(m, "thresholds." + i));
                case ConfigNode n -> throw new ConfigException(n.origin(), "thresholds must be a list of " + FORMS + ", found " + n.describe());
            };
            Threshold t = item.threshold();
            boolean aborts = item.abortOnFail().map(Setting::value).orElse(abortAll);
            if (aborts && t.earlyFailure() == Threshold.EarlyFailure.UNDECIDABLE) {
                if (item.abortOnFail().isPresent()) {
                    throw new ConfigException(item.abortOnFail().get().origin(), "thresholds." + i + ".abort-on-fail: '" + t.expression()
                            + "' cannot fail before the end (" + t.whyUndecidable() + "); remove abort-on-fail, and it is checked at the end");
                }
                leftToTheEnd.add(t);
                aborts = false;
            }
            if (!aborts && item.grace().isPresent()) {
                throw new ConfigException(item.grace().get().origin(), "thresholds." + i + ".abort-grace is set, but this threshold does not "
                        + "abort the run; add abort-on-fail: true, or remove abort-grace");
            }
            out.add(aborts ? t.abortingAfter(item.grace().map(Setting::value).orElse(grace)) : t);
        }
        boolean anyAborts = out.stream().anyMatch(t -> t.abortOnFail().isPresent());
        if (abortAll && !anyAborts) {
            throw new ConfigException(all.orElseThrow().origin(), out.isEmpty()
                    ? "abort-on-fail: there is no threshold to abort on; add one with --threshold 'errors.rate < 1%' (or thresholds: in "
                            + "the config), or leave abort-on-fail out"
                    : "abort-on-fail: none of the thresholds can fail before the end (" + String.join(", ",
                            leftToTheEnd.stream().map(t -> "'" + t.expression() + "'").toList())
                            + " can still pass until the last request); leave abort-on-fail out");
        }
        // in a file, abort-grace is a default that may have nothing to apply to (the reference config states it);
        // given on the command line with nothing to apply to, it is a mistake
        if (graceNode.isPresent() && !graceNode.get().origin().inFile() && !anyAborts) {
            throw new ConfigException(graceNode.get().origin(), "abort-grace: no threshold aborts the run, so there is nothing to delay; "
                    + "add --abort-on-fail (or abort-on-fail: true on a threshold), or leave abort-grace out");
        }
        for (Threshold t : leftToTheEnd) {
            warn.accept("abort-on-fail leaves '" + t.expression() + "' to the end: " + t.whyUndecidable());
        }
        for (Threshold t : out) {
            t.abortOnFail().filter(a -> a.grace().compareTo(loadDuration) >= 0).ifPresent(a -> warn.accept("'" + t.expression()
                    + "' cannot abort the run: its abort-grace (" + Values.format(a.grace()) + ") lasts the whole load ("
                    + Values.format(loadDuration) + ")"));
        }
        return out;
    }

    /**
     * {@code baseline:} ({@code --baseline DIR}): the results folder of the earlier run that thresholds such as
     * {@code posts.p95 < baseline + 10%} compare with. Required by such a threshold; it must be a finished run's
     * folder, checked now so that a wrong path costs seconds, not the whole run.
     */
    static Optional<Path> baseline(MapReader top, List<Threshold> thresholds, Consumer<String> warn) {
        Optional<ConfigNode.Scalar> node = top.scalar("baseline").filter(s -> !s.isNull() && !s.text().isBlank());
        Optional<Threshold> using = thresholds.stream().filter(t -> t.baseline().isPresent()).findFirst();
        if (node.isEmpty()) {
            using.ifPresent(t -> {
                throw new ConfigException(t.origin(), "threshold '" + t.expression() + "' compares with a baseline run, and none is given; "
                        + "add --baseline DIR (the results folder of an earlier run), or a fixed limit like 'p95 < 300ms'");
            });
            return Optional.empty();
        }
        Path dir = Path.of(node.get().text().trim());
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(node.get().origin(), "baseline: " + dir + " is no folder; give the results folder of an earlier run "
                    + "(its --out), or leave --baseline out");
        }
        if (!Files.isRegularFile(dir.resolve("counts.json")) || !Files.isRegularFile(dir.resolve("config.json"))) {
            throw new ConfigException(node.get().origin(), "baseline: " + dir + " is not the results folder of a finished run (no counts.json "
                    + "or config.json); give the folder a run wrote with --out");
        }
        if (using.isEmpty()) {
            warn.accept("--baseline " + dir + " is given, but no threshold compares with it; add one like --threshold 'p95 < baseline + 10%'");
        }
        return Optional.of(dir.toAbsolutePath().normalize());
    }

    /** A threshold as written, with its own abort settings if it has any (a map item). */
    private record Item(Threshold threshold, Optional<Setting<Boolean>> abortOnFail, Optional<Setting<Duration>> grace) {}

    private record Setting<T>(T value, Origin origin) {}

    /** The map form, read and checked but for what depends on the top-level keys. */
    private static Item item(MapReader r) {
        ConfigNode.Scalar expression = r.scalar("threshold").orElseThrow(() -> new ConfigException(r.origin(),
                r.path() + " has no threshold: write it like {threshold: 'errors.rate < 1%', abort-on-fail: true}"));
        Optional<Setting<Boolean>> abortOnFail = r.scalar("abort-on-fail").map(s -> new Setting<>(r.bool("abort-on-fail", false), s.origin()));
        Optional<Setting<Duration>> grace = r.scalar("abort-grace").map(s -> new Setting<>(r.duration("abort-grace").orElseThrow(), s.origin()));
        r.finish();
        return new Item(Threshold.parse(expression.text(), expression.origin()), abortOnFail, grace);
    }
}
