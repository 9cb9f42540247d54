package dev.loadgen.cli;

import dev.loadgen.config.ConfigLoader.FlagValue;
import dev.loadgen.config.ConfigNode;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line turned into config inputs: the file, the {@code --set}s, and each flag as a value at
 * its config key. Flags that shape the load replace {@code load.stages} from the file, and {@code --url}
 * expands into one generic request that every user loops.
 */
record RunRequest(Optional<Path> configFile, List<String> sets, List<FlagValue> flags, boolean segmented) {

    static RunRequest from(Main m) {
        List<FlagValue> flags = new ArrayList<>();
        // a flag that shapes the load replaces the file's shape: clear what belongs to the other model
        if (m.users != null || m.duration != null || m.rate != null || m.ramp != null || m.rampTime != null) {
            flags.add(FlagValue.unset("load.stages", "--users/--rate/--duration"));
        }
        if (m.rate != null) {
            flags.add(FlagValue.of("load.model", "open", "--rate"));
            flags.add(FlagValue.unset("load.users", "--rate"));
            flags.add(FlagValue.unset("load.ramp", "--rate"));
        } else if (m.users != null) {
            flags.add(FlagValue.of("load.model", "closed", "--users"));
            for (String k : List.of("load.rate", "load.max-users", "load.arrivals", "load.start-rate")) {
                flags.add(FlagValue.unset(k, "--users"));
            }
        }
        if (m.ramp != null) {
            flags.add(FlagValue.unset("load.ramp-time", "--ramp"));
        } else if (m.rampTime != null) {
            flags.add(FlagValue.unset("load.ramp", "--ramp-time"));
        }
        if (m.chaos != null) {
            flags.add(FlagValue.section("chaos", Path.of(m.chaos), "--chaos"));
        }
        flag(flags, "load.users", m.users, "--users");
        flag(flags, "load.duration", m.duration, "--duration");
        flag(flags, "load.ramp", m.ramp, "--ramp");
        flag(flags, "load.ramp-time", m.rampTime, "--ramp-time");
        flag(flags, "load.rate", m.rate, "--rate");
        flag(flags, "load.max-users", m.maxUsers, "--max-users");
        flag(flags, "load.segment", m.segment, "--segment");
        flag(flags, "load.start-at", m.startAt, "--start-at");
        flag(flags, "load.graceful-stop", m.gracefulStop, "--graceful-stop");
        flag(flags, "seed", m.seed, "--seed");
        flag(flags, "output.dir", m.out, "--out");
        flag(flags, "observe.metrics-port", m.metricsPort, "--metrics-port");
        flag(flags, "observe.push.remote-write.url", m.remoteWrite, "--remote-write");
        flag(flags, "dashboard.port", m.dashboardPort, "--dashboard-port");
        flag(flags, "dashboard.bind", m.dashboardBind, "--dashboard-bind");
        flag(flags, "dashboard.token", m.dashboardToken, "--dashboard-token");
        if (m.quiet) {
            flags.add(FlagValue.of("output.quiet", "true", "--quiet"));
        }
        if (m.abortOnFail) {
            flags.add(FlagValue.of("abort-on-fail", "true", "--abort-on-fail"));
        }
        flag(flags, "abort-grace", m.abortGrace, "--abort-grace");
        flag(flags, "baseline", m.baseline, "--baseline");
        flag(flags, "self-warm", m.selfWarm, "--self-warm");
        flag(flags, "warm-up", m.warmUp, "--warm-up");
        if (m.think != null) {
            flags.add(FlagValue.of("users.think", m.think, "--think"));
        }
        if (!m.thresholds.isEmpty()) {
            Origin o = Origin.flag("--threshold");
            ConfigNode.ListNode list = new ConfigNode.ListNode(o);
            m.thresholds.forEach(t -> list.items().add(new ConfigNode.Scalar(t, false, Origin.flag("--threshold " + t))));
            flags.add(FlagValue.node("thresholds", list, "--threshold"));
        }
        if (m.url != null) {
            urlShortcut(flags, m.url);
            if (m.ramp == null && m.rampTime == null && m.rate == null) {
                // users that all start together send in step, think as one and send again together: waves of the whole
                // population at once, which measure the bursts rather than the target. Started evenly over one think
                // time, they send at their steady rate from the first second (with no think time, all at once, as wrk -c N)
                flags.add(FlagValue.unset("load.ramp", "--url"));
                flags.add(FlagValue.of("load.ramp-time", Values.format(urlSpread(m)), "--url"));
            }
        }
        return new RunRequest(Optional.ofNullable(m.config).map(Path::of), List.copyOf(m.sets), flags, m.segment != null);
    }

    /**
     * Over how long {@code --url} starts its users when no ramp is given: one think time ({@code --think}, or the
     * default's median, 2s), at most a quarter of the run, so that most of it runs at the full load.
     */
    static Duration urlSpread(Main m) {
        Duration think = m.think == null ? Duration.ofSeconds(2) : Values.duration(m.think, Origin.flag("--think " + m.think), "users.think");
        Duration run = m.duration == null ? Duration.ofMinutes(1) : Values.duration(m.duration, Origin.flag("--duration " + m.duration), "load.duration");
        Duration quarter = run.dividedBy(4);
        return think.compareTo(quarter) > 0 ? quarter : think;
    }

    /**
     * {@code --url U}: one request {@code url} = GET U and nothing of the demo's scenario, no accounts, one endless session per user, all users
     * started at once unless a ramp is given.
     */
    private static void urlShortcut(List<FlagValue> flags, String url) {
        Origin o = Origin.flag("--url " + url);
        ConfigNode.MapNode request = new ConfigNode.MapNode(o);
        request.entries().put("name", new ConfigNode.Scalar("url", false, o));
        request.entries().put("method", new ConfigNode.Scalar("GET", false, o));
        request.entries().put("url", new ConfigNode.Scalar(url, false, o));
        ConfigNode.ListNode requests = new ConfigNode.ListNode(o);
        requests.items().add(request);
        flags.add(FlagValue.owned("requests", requests, "--url"));
        flags.add(FlagValue.owned("scenario", new ConfigNode.Scalar("none", false, o), "--url"));
        flags.add(FlagValue.owned("users.account", new ConfigNode.Scalar("none", false, o), "--url"));
        ConfigNode.MapNode http = new ConfigNode.MapNode(o);
        http.entries().put("url", new ConfigNode.Scalar("1", false, o));
        ConfigNode.MapNode actions = new ConfigNode.MapNode(o);
        actions.entries().put("http", http);
        flags.add(FlagValue.owned("users.actions", actions, "--url"));
        // closed model: each user loops over the URL in one endless session, as wrk's connections do; open model (--rate): an
        // arrival is one request, as wrk2's -R, unless users.session.actions says otherwise
        flags.add(FlagValue.fallback("users.session.actions", "--url", root -> new ConfigNode.Scalar(openModel(root) ? "1" : "0", false, o)));
        // and its arrivals share one pool of connections, as wrk2's do: a connection per arrival would cost a handshake per
        // request and, at thousands a second, run out of local ports (each closed one waits a minute in TIME_WAIT)
        flags.add(FlagValue.fallback("target.connections", "--url", root -> new ConfigNode.Scalar(openModel(root) ? "shared" : "per-user", false, o)));
    }

    /** Whether the load as configured is the open model (load.model: open, or a load.rate without a model). */
    static boolean openModel(ConfigNode.MapNode root) {
        if (!(root.entries().get("load") instanceof ConfigNode.MapNode load)) {
            return false;
        }
        ConfigNode model = load.entries().get("model");
        if (model instanceof ConfigNode.Scalar m && !m.isNull()) {
            return m.text().trim().equalsIgnoreCase("open");
        }
        return load.entries().get("rate") instanceof ConfigNode.Scalar r && !r.isNull();
    }

    private static void flag(List<FlagValue> flags, String key, String value, String flag) {
        if (value != null) {
            flags.add(FlagValue.of(key, value, flag));
        }
    }
}
