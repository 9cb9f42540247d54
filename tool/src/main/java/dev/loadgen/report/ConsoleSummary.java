package dev.loadgen.report;

import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.Outcome;
import dev.loadgen.metrics.ThresholdCheck;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run table: one row per endpoint, grouped by service, then totals, errors and thresholds. */
public final class ConsoleSummary {
    private ConsoleSummary() {}

    public static void print(Summary s, PrintStream out) {
        out.println();
        Summary.Run run = s.run();
        out.println(String.format(Locale.ROOT, "loadgen %s  %s model  seed %s  %.1fs  %s%s", run.version(), run.model(),
                run.seed().map(String::valueOf).orElse("-"), run.durationSeconds(), run.stopReason() + run.aborted().map(why -> " (" + why + ")").orElse(""),
                run.warmUpSeconds() > 0
                        ? String.format(Locale.ROOT, "  (after a %.1fs warm-up, left out: see warm-up/)", run.warmUpSeconds()) : ""));
        int w = Math.max(24, s.endpoints().stream().mapToInt(e -> e.name().length()).max().orElse(0));
        String head = "%-8s %-" + w + "s %8s %8s %8s %8s %8s %8s %8s %7s%n";
        String row = "%-8s %-" + w + "s %8d %8.1f %8s %8s %8s %8s %8s %7s%n";
        out.printf(Locale.ROOT, head, "service", "endpoint", "count", "req/s", "p50", "p90", "p95", "p99", "max", "errors");
        String service = "";
        for (Summary.Endpoint e : s.endpoints()) {
            String svc = e.service().equals(service) ? "" : e.service();
            service = e.service();
            out.printf(Locale.ROOT, row, svc, e.name(), e.count(), rate(e.count(), s), ms(e.latencyMs(50)), ms(e.latencyMs(90)),
                    ms(e.latencyMs(95)), ms(e.latencyMs(99)), ms(e.latencyMs(100)), pct(e.errors(), e.count() - e.outcome(Outcome.CHAOS)));
        }
        long all = s.requests();
        long errors = s.organicErrors();
        out.printf(Locale.ROOT, "%-8s %-" + w + "s %8d %8.1f%n", "total", "", all, rate(all, s));
        List<String> parts = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            long n = s.total(o);
            if (o.isError() && n > 0) {
                parts.add(o.label + " " + n);
            }
        }
        out.println("errors: " + (errors == 0 && parts.isEmpty() ? "none" : String.join(", ", parts)));
        topErrors(s, out);
        protocols(s, out);
        checks(s, out);
        chaos(s, out);
        out.printf(Locale.ROOT, "users: %d started, %d peak (%s); sessions: %d completed, %d abandoned, %d dropped%n",
                s.users().started(), s.users().peak(), personas(s), s.users().completed(), s.users().abandoned(), s.users().dropped());
        if (s.ws().connections() > 0) {
            out.printf(Locale.ROOT, "websocket: %d connections, %d frames sent, %d received; %s%n",
                    s.ws().connections(), s.ws().sentTotal(), s.ws().receivedTotal(), delivery(s));
        }
        connections(s, out);
        if (s.run().lag().getTotalCount() > 0) {
            Summary.Run r = s.run();
            out.printf(Locale.ROOT, "generator lag (intended start to send): p50 %s, p99 %s, max %s%n", ms(r.lagMs(50)), ms(r.lagMs(99)),
                    ms(r.lagMs(100)));
            if (r.lagMs(99) > Summary.Run.LAG_WARNING_MS) {
                out.printf(Locale.ROOT, "warning: loadgen itself sent requests late (lag p99 %s, over %s), and every latency above includes "
                        + "its delay: give it more CPU, or run fewer users per instance (docs/running.md#loadgens-own-start)%n", ms(r.lagMs(99)),
                        ms(Summary.Run.LAG_WARNING_MS));
            }
        }
        if (s.users().failed() > 0) {
            out.println("internal: " + s.users().failed() + " simulated users failed with a loadgen error (see stderr)");
        }
        if (!s.thresholds().isEmpty()) {
            out.println("thresholds:");
            for (ThresholdCheck.Result r : s.thresholds()) {
                out.println("  " + r.describe());
            }
        }
    }

    /**
     * The scenario's checks, when it has any ({@code checks: 1,203 passed, 4 failed (99.67%): 'json $.id' on POST /posts
     * 4}), and the steps skipped for want of a value, the most frequent reasons first.
     */
    private static void checks(Summary s, PrintStream out) {
        long passed = s.checksPassed();
        long failed = s.checksFailed();
        if (passed + failed > 0) {
            List<String> worst = new ArrayList<>();
            s.endpoints().forEach(e -> e.checks().forEach((name, c) -> {
                if (c[1] > 0) {
                    worst.add("'" + name + "' on " + e.name() + " " + c[1]);
                }
            }));
            out.printf(Locale.ROOT, "checks: %d passed, %d failed (%.2f%% passed)%s%n", passed, failed, 100.0 * passed / (passed + failed),
                    worst.isEmpty() ? "" : ": " + String.join(", ", worst.subList(0, Math.min(5, worst.size()))) + (worst.size() > 5 ? ", ..." : ""));
        }
        long skipped = s.skipped().values().stream().mapToLong(Long::longValue).sum();
        if (skipped > 0) {
            List<String> reasons = s.skipped().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
            out.println("skipped steps: " + skipped + "; " + String.join("; ", reasons) + (s.skipped().size() > 3 ? "; ... (summary.json has them all)" : ""));
        }
    }

    /**
     * The protocol each target's responses came over ({@code protocols: posts h2; auth HTTP/1.1}); a target answered over
     * several (a load balancer's servers set up apart) shows each one's share ({@code auth HTTP/1.1 75%, h2 25%}).
     */
    static void protocols(Summary s, PrintStream out) {
        List<String> targets = new ArrayList<>();
        s.protocolsByService().forEach((service, counts) -> {
            long all = counts.values().stream().mapToLong(Long::longValue).sum();
            List<String> shares = counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> counts.size() == 1 ? e.getKey() : e.getKey() + " " + pct(e.getValue(), all)).toList();
            targets.add(service + " " + String.join(", ", shares));
        });
        if (!targets.isEmpty()) {
            out.println("protocols: " + String.join("; ", targets));
        }
    }

    /**
     * New connections, when any were opened ({@code connections: 40 opened for 40 requests (100.0%); connect p50 0.2ms, p95
     * 0.4ms; TLS 40 handshakes, p50 3.1ms, p95 5.0ms}): one per request means every request pays for connecting.
     */
    private static void connections(Summary s, PrintStream out) {
        Summary.Connections c = s.connections();
        if (c.opened() == 0) {
            return;
        }
        out.printf(Locale.ROOT, "connections: %d opened for %d requests (%s); connect p50 %s, p95 %s%s%n", c.opened(), s.requests(),
                pct(c.opened(), s.requests()), ms(Summary.millis(c.connect(), 50)), ms(Summary.millis(c.connect(), 95)),
                c.handshakes() == 0 ? "" : String.format(Locale.ROOT, "; TLS %d handshakes, p50 %s, p95 %s", c.handshakes(),
                        ms(Summary.millis(c.tls(), 50)), ms(Summary.millis(c.tls(), 95))));
    }

    /** What the failures said, most frequent first: the five texts with the most requests, each with its endpoint. */
    static void topErrors(Summary s, PrintStream out) {
        record Text(String where, String text, long count) {}
        List<Text> texts = new ArrayList<>();
        for (Summary.Endpoint e : s.endpoints()) {
            e.errorTexts().forEach((text, n) -> texts.add(new Text(e.service() + " " + e.name(), text, n)));
        }
        if (texts.isEmpty()) {
            return;
        }
        texts.sort(java.util.Comparator.comparingLong(Text::count).reversed().thenComparing(Text::where).thenComparing(Text::text));
        int shown = Math.min(TOP_ERRORS, texts.size());
        out.println("top errors" + (texts.size() > shown ? " (" + shown + " of " + texts.size() + " texts; all in summary.json)" : "") + ":");
        for (Text t : texts.subList(0, shown)) {
            out.printf(Locale.ROOT, "  %8d  %s: %s%n", t.count(), t.where(), t.text());
        }
    }

    private static final int TOP_ERRORS = 5;

    /**
     * Injected faults, apart from the errors above: per kind, how many, and how the target reacted
     * ({@code forged-token 40 (40 expected)}, {@code server-abort 12 (10 expected, 2 unexpected: 200 x2)}).
     */
    private static void chaos(Summary s, PrintStream out) {
        Map<String, ChaosCounters.Reactions> reactions = s.chaos().reactions();
        if (reactions.isEmpty()) {
            return;
        }
        List<String> kinds = new ArrayList<>();
        s.chaos().injected().forEach((kind, n) -> {
            ChaosCounters.Reactions r = reactions.get(kind);
            StringBuilder b = new StringBuilder(kind).append(' ').append(n).append(" (").append(r.expected()).append(" expected");
            if (r.unexpected() > 0) {
                b.append(", ").append(r.unexpected()).append(" unexpected:");
                r.unexpectedByStatus().forEach((status, c) -> b.append(' ').append(status == 0 ? "no response" : status).append(" x").append(c));
            }
            kinds.add(b.append(')').toString());
        });
        out.println("chaos: " + s.chaos().injectedTotal() + " faults injected, " + s.total(Outcome.CHAOS)
                + " requests marked chaos; " + String.join(", ", kinds));
    }

    private static String personas(Summary s) {
        List<String> parts = new ArrayList<>();
        s.users().startedByPersona().forEach((p, n) -> parts.add(p + " " + n));
        return String.join(", ", parts);
    }

    private static double rate(long n, Summary s) {
        return s.run().durationSeconds() > 0 ? n / s.run().durationSeconds() : 0;
    }

    static String ms(double millis) {
        if (millis >= 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000);
        }
        return String.format(Locale.ROOT, millis >= 100 ? "%.0fms" : "%.1fms", millis);
    }

    private static String pct(long part, long whole) {
        return whole <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** Message delivery, or that no message was matched (a run whose chatters only joined rooms). */
    private static String delivery(Summary s) {
        Summary.Ws ws = s.ws();
        if (ws.echo().getTotalCount() == 0 && ws.peer().getTotalCount() == 0 && ws.lost() == 0) {
            return "no chat messages delivered" + reconnects(ws);
        }
        return String.format(Locale.ROOT, "messages: echo p50 %s p95 %s, peer p50 %s p95 %s; %d deliveries lost (%.2f%%)",
                percentile(ws.echo(), 50), percentile(ws.echo(), 95), percentile(ws.peer(), 50), percentile(ws.peer(), 95),
                ws.lost(), 100 * ws.lossRate()) + reconnects(ws);
    }

    /** How broken sockets came back, when any broke. */
    private static String reconnects(Summary.Ws ws) {
        if (ws.reconnectAttempts() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; reconnects: %d of %d attempts, back after p50 %s p95 %s", ws.reconnects(), ws.reconnectAttempts(),
                percentile(ws.reconnectTime(), 50), percentile(ws.reconnectTime(), 95));
    }

    /** A delivery percentile, or "-" when that path delivered nothing (a chatter alone in its room has no peers). */
    private static String percentile(org.HdrHistogram.Histogram h, double q) {
        return h.getTotalCount() == 0 ? "-" : ms(Summary.millis(h, q));
    }
}
