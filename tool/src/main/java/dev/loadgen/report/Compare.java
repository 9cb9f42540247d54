package dev.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.metrics.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Two runs compared, per endpoint and in all: the change of p50, p95, p99 and mean latency, of the error rate
 * and of the throughput, each with a confidence interval, and a verdict.
 *
 * <p>The interval comes from a bootstrap over seconds: a run's seconds are its units (each second's latency
 * histogram, each second's request and error counts from timeline.jsonl), a replicate of a run draws as many
 * seconds as it has, with replacement, and adds them up; the change is computed between a replicate of each
 * run, {@code resamples} times, and the interval is the middle {@code level} of those changes. Drawing whole
 * seconds keeps what happens together (a slow second, a burst of errors) together, which per-request resampling
 * would not, and so gives intervals as wide as the runs' second-to-second noise. The interval is the change
 * plus or minus z standard errors of the replicates' changes, with z for the level divided among every change
 * in the table (Bonferroni): the level holds for the whole table, so like runs show a worse row at most
 * 1 - level of the time however many endpoints they have. A change is worse (or better) only when its whole
 * interval lies beyond the margin: a p95 whose interval is +1..+9 % against a 5 % margin is no significant change.
 */
public final class Compare {
    /** A metric compared: latencies and throughput relatively, the error rate in points. */
    public enum Metric {
        P50("p50", true), P95("p95", true), P99("p99", true), MEAN("mean", true), ERROR_RATE("errors.rate", true), RPS("rps", false);

        public final String label;
        /** Whether a rise is a regression (latency, errors) or an improvement (throughput). */
        final boolean higherIsWorse;

        Metric(String label, boolean higherIsWorse) {
            this.label = label;
            this.higherIsWorse = higherIsWorse;
        }
    }

    public enum Verdict {
        WORSE("worse"), BETTER("better"), SAME("no significant change"), UNKNOWN("not enough data");

        public final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /** How to compare: the confidence level (0.95), resamples, the margins, the generator's seed. */
    public record Options(double level, int resamples, double margin, double errorMarginPoints, long seed) {
        public static final Options DEFAULT = new Options(0.95, 1000, 0.05, 0.1, 1);
    }

    /**
     * One metric's change: the two values (milliseconds, a fraction, per second), the change (relative, or
     * in points for the error rate) and its interval; NaN where it cannot be computed.
     */
    public record Change(Metric metric, double base, double next, double change, double low, double high, Verdict verdict) {}

    /** One row: an endpoint (or all of them), its requests in each run, its changes and its verdict. */
    public record Row(String service, String endpoint, long baseCount, long nextCount, List<Change> changes, Verdict verdict) {}

    /** The comparison: its rows (all first), what differs between the two runs' configs, the options. */
    public record Result(List<Row> rows, List<String> differences, Options options) {
        public boolean anyWorse() {
            return rows.stream().anyMatch(r -> r.verdict() == Verdict.WORSE);
        }
    }

    /** What a run recorded second by second for one endpoint (or all): latency histograms, counts and errors. */
    static final class Seconds {
        final List<Histogram> latency = new ArrayList<>();
        final List<long[]> counts = new ArrayList<>();   // {requests not marked chaos, organic errors}
    }

    private Compare() {}

    /** Compares two results folders: {@code base} the earlier run, {@code next} the one under test. */
    public static Result compare(Path base, Path next, Options o) {
        RunRecord a = RunRecord.read(base);
        RunRecord b = RunRecord.read(next);
        Map<String, Seconds> sa = seconds(base, a);
        Map<String, Seconds> sb = seconds(next, b);
        List<String> differences = differences(base, next);
        return compare(sa, sb, differences, o);
    }

    static Result compare(Map<String, Seconds> a, Map<String, Seconds> b, List<String> differences, Options o) {
        List<Row> rows = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.remove("all");
        List<String> order = new ArrayList<>();
        order.add("all");
        order.addAll(keys);
        List<List<Change>> raw = new ArrayList<>();
        int tests = 0;
        for (String key : order) {
            Seconds x = a.getOrDefault(key, new Seconds());
            Seconds y = b.getOrDefault(key, new Seconds());
            SplittableRandom rng = new SplittableRandom(o.seed() ^ key.hashCode());
            List<Change> changes = changes(x, y, o, rng);
            raw.add(changes);
            tests += (int) changes.stream().filter(c -> !Double.isNaN(c.low())).count();
        }
        double z = normalQuantile(1 - (1 - o.level()) / (2.0 * Math.max(1, tests)));
        for (int i = 0; i < order.size(); i++) {
            String key = order.get(i);
            List<Change> changes = raw.get(i).stream().map(c -> judged(c, z, o)).toList();
            int slash = key.indexOf('\u0000');
            rows.add(new Row(slash < 0 ? "" : key.substring(0, slash), slash < 0 ? key : key.substring(slash + 1),
                    count(a.getOrDefault(key, new Seconds())), count(b.getOrDefault(key, new Seconds())), changes, rowVerdict(changes)));
        }
        return new Result(rows, differences, o);
    }

    /**
     * A change with its interval (change ± z standard errors; the standard error is carried in {@code low} until
     * now) and its verdict against the margin.
     */
    private static Change judged(Change c, double z, Options o) {
        if (Double.isNaN(c.low())) {
            return c;
        }
        double se = c.low();
        double low;
        double high;
        if (c.metric() == Metric.ERROR_RATE) {
            low = c.change() - z * se;
            high = c.change() + z * se;
        } else {
            // a ratio's interval, made on its logarithm: never below -100 %, as wide up as down in factors
            double log = Math.log1p(c.change());
            low = Math.expm1(log - z * se);
            high = Math.expm1(log + z * se);
        }
        double margin = c.metric() == Metric.ERROR_RATE ? o.errorMarginPoints() : o.margin();
        Verdict v;
        if (low > margin) {
            v = c.metric().higherIsWorse ? Verdict.WORSE : Verdict.BETTER;
        } else if (high < -margin) {
            v = c.metric().higherIsWorse ? Verdict.BETTER : Verdict.WORSE;
        } else {
            v = Verdict.SAME;
        }
        return new Change(c.metric(), c.base(), c.next(), c.change(), low, high, v);
    }

    /**
     * One metric's change from {@code x} to {@code y} with its interval for {@code z} standard errors (the level,
     * divided among the tests made together), judged against the options' margins; for thresholds against a baseline.
     */
    static Change change(Seconds x, Seconds y, Metric m, double z, Options o, long seed) {
        Change raw = changes(x, y, o, new SplittableRandom(seed)).stream().filter(c -> c.metric() == m).findFirst().orElseThrow();
        return judged(raw, z, o);
    }

    /** Several endpoints' seconds as one (a service, or an endpoint name served by several): second by second, added up. */
    static Seconds union(List<Seconds> parts) {
        Seconds out = new Seconds();
        Map<Long, Histogram> bySecond = new TreeMap<>();
        for (Seconds p : parts) {
            for (Histogram h : p.latency) {
                bySecond.computeIfAbsent(Math.round(h.getStartTimeStamp() / 1000.0), k -> new Histogram(3)).add(h);
            }
            for (int i = 0; i < p.counts.size(); i++) {
                if (out.counts.size() <= i) {
                    out.counts.add(new long[2]);
                }
                out.counts.get(i)[0] += p.counts.get(i)[0];
                out.counts.get(i)[1] += p.counts.get(i)[1];
            }
        }
        out.latency.addAll(bySecond.values());
        return out;
    }

    /** The standard normal's quantile, by bisection on its distribution function. */
    static double normalQuantile(double p) {
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (normalCdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Φ(x) through erf (Abramowitz and Stegun 7.1.26, within 1.5e-7). */
    static double normalCdf(double x) {
        double u = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * u);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
                * Math.exp(-u * u);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    private static long count(Seconds s) {
        return s.latency.stream().mapToLong(Histogram::getTotalCount).sum();
    }

    private static Verdict rowVerdict(List<Change> changes) {
        if (changes.stream().anyMatch(c -> c.verdict() == Verdict.WORSE)) {
            return Verdict.WORSE;
        }
        if (changes.stream().anyMatch(c -> c.verdict() == Verdict.BETTER)) {
            return Verdict.BETTER;
        }
        return changes.stream().allMatch(c -> c.verdict() == Verdict.UNKNOWN) ? Verdict.UNKNOWN : Verdict.SAME;
    }

    // ---- the bootstrap ----

    /** A run's latency seconds as counts over one table of values shared with the other run, for fast resampling. */
    private record Units(int[][] index, long[][] count, long[] total, double[] sum) {
        int size() {
            return total.length;
        }
    }

    private static List<Change> changes(Seconds x, Seconds y, Options o, SplittableRandom rng) {
        TreeMap<Long, Integer> values = new TreeMap<>();
        for (Seconds s : List.of(x, y)) {
            for (Histogram h : s.latency) {
                for (HistogramIterationValue v : h.recordedValues()) {
                    values.put(h.highestEquivalentValue(v.getValueIteratedTo()), 0);
                }
            }
        }
        double[] table = new double[values.size()];
        int i = 0;
        for (Map.Entry<Long, Integer> e : values.entrySet()) {
            e.setValue(i);
            table[i++] = e.getKey() / 1000.0;
        }
        Units ux = units(x, values, table);
        Units uy = units(y, values, table);
        double[] qs = {0.50, 0.95, 0.99};
        double[] px = stats(ux, all(ux), table, qs);
        double[] py = stats(uy, all(uy), table, qs);
        int n = o.resamples();
        double[][] latencyChanges = new double[4][n];
        boolean latencyOk = enough(ux) && enough(uy);
        if (latencyOk) {
            long[] acc = new long[table.length];
            for (int r = 0; r < n; r++) {
                double[] rx = stats(ux, draw(ux.size(), rng), table, qs, acc);
                double[] ry = stats(uy, draw(uy.size(), rng), table, qs, acc);
                for (int m = 0; m < 4; m++) {
                    latencyChanges[m][r] = Math.log(ry[m] / rx[m]);
                }
            }
        }
        List<Change> out = new ArrayList<>();
        Metric[] latency = {Metric.P50, Metric.P95, Metric.P99, Metric.MEAN};
        for (int m = 0; m < 4; m++) {
            double change = (py[m] - px[m]) / px[m];
            out.add(latencyOk ? change(latency[m], px[m], py[m], change, latencyChanges[m])
                    : new Change(latency[m], px[m], py[m], change, Double.NaN, Double.NaN, Verdict.UNKNOWN));
        }
        out.add(rates(x, y, o, rng));
        out.add(throughput(x, y, o, rng));
        return out;
    }

    /** The fewest seconds with traffic, and requests, that a run needs for an interval of its latency. */
    static final int MIN_SECONDS = 10;
    static final int MIN_REQUESTS = 50;

    private static boolean enough(Units u) {
        return u.size() >= MIN_SECONDS && Arrays.stream(u.total()).sum() >= MIN_REQUESTS;
    }

    private static Units units(Seconds s, Map<Long, Integer> values, double[] table) {
        int n = s.latency.size();
        int[][] index = new int[n][];
        long[][] count = new long[n][];
        long[] total = new long[n];
        double[] sum = new double[n];
        for (int i = 0; i < n; i++) {
            Histogram h = s.latency.get(i);
            int[] idx = new int[values.size()];
            long[] cnt = new long[values.size()];
            int j = 0;
            for (HistogramIterationValue v : h.recordedValues()) {
                idx[j] = values.get(h.highestEquivalentValue(v.getValueIteratedTo()));
                cnt[j] = v.getCountAtValueIteratedTo();
                total[i] += cnt[j];
                sum[i] += cnt[j] * table[idx[j]];
                j++;
            }
            index[i] = Arrays.copyOf(idx, j);
            count[i] = Arrays.copyOf(cnt, j);
        }
        return new Units(index, count, total, sum);
    }

    private static int[] all(Units u) {
        int[] out = new int[u.size()];
        Arrays.setAll(out, k -> k);
        return out;
    }

    private static int[] draw(int n, SplittableRandom rng) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = rng.nextInt(n);
        }
        return out;
    }

    private static double[] stats(Units u, int[] picks, double[] table, double[] qs) {
        return stats(u, picks, table, qs, new long[table.length]);
    }

    /** p50, p95, p99 (as HdrHistogram reads a percentile: the least value with that share at or below it) and the mean, in ms. */
    private static double[] stats(Units u, int[] picks, double[] table, double[] qs, long[] acc) {
        Arrays.fill(acc, 0);
        long total = 0;
        double sum = 0;
        for (int p : picks) {
            int[] idx = u.index()[p];
            long[] cnt = u.count()[p];
            for (int j = 0; j < idx.length; j++) {
                acc[idx[j]] += cnt[j];
            }
            total += u.total()[p];
            sum += u.sum()[p];
        }
        double[] out = new double[qs.length + 1];
        if (total == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        int q = 0;
        long seen = 0;
        for (int k = 0; k < acc.length && q < qs.length; k++) {
            seen += acc[k];
            while (q < qs.length && seen >= Math.max(1, (long) Math.ceil(qs[q] * total))) {
                out[q++] = table[k];
            }
        }
        out[qs.length] = sum / total;
        return out;
    }

    /** The error rate (organic errors over the requests not marked chaos), bootstrapped over seconds, its change in points. */
    private static Change rates(Seconds x, Seconds y, Options o, SplittableRandom rng) {
        double rx = rate(x.counts, null);
        double ry = rate(y.counts, null);
        double change = (ry - rx) * 100;
        if (x.counts.size() < MIN_SECONDS || y.counts.size() < MIN_SECONDS || Double.isNaN(change)) {
            return new Change(Metric.ERROR_RATE, rx, ry, change, Double.NaN, Double.NaN, Verdict.UNKNOWN);
        }
        double[] changes = new double[o.resamples()];
        for (int r = 0; r < changes.length; r++) {
            changes[r] = (rate(y.counts, draw(y.counts.size(), rng)) - rate(x.counts, draw(x.counts.size(), rng))) * 100;
        }
        return change(Metric.ERROR_RATE, rx, ry, change, changes);
    }

    private static double rate(List<long[]> counts, int[] picks) {
        long requests = 0;
        long errors = 0;
        for (int i = 0; i < (picks == null ? counts.size() : picks.length); i++) {
            long[] c = counts.get(picks == null ? i : picks[i]);
            requests += c[0];
            errors += c[1];
        }
        return requests == 0 ? Double.NaN : (double) errors / requests;
    }

    /** Requests per second: the mean of the seconds' counts, every second of the run counted (quiet ones too). */
    private static Change throughput(Seconds x, Seconds y, Options o, SplittableRandom rng) {
        double tx = perSecond(x.counts, null);
        double ty = perSecond(y.counts, null);
        double change = (ty - tx) / tx;
        if (x.counts.size() < MIN_SECONDS || y.counts.size() < MIN_SECONDS || tx == 0 || ty == 0) {
            return new Change(Metric.RPS, tx, ty, tx == 0 ? Double.NaN : change, Double.NaN, Double.NaN, Verdict.UNKNOWN);
        }
        double[] changes = new double[o.resamples()];
        for (int r = 0; r < changes.length; r++) {
            double bx = perSecond(x.counts, draw(x.counts.size(), rng));
            changes[r] = Math.log(perSecond(y.counts, draw(y.counts.size(), rng)) / bx);
        }
        return change(Metric.RPS, tx, ty, change, changes);
    }

    private static double perSecond(List<long[]> counts, int[] picks) {
        long requests = 0;
        int n = picks == null ? counts.size() : picks.length;
        for (int i = 0; i < n; i++) {
            requests += counts.get(picks == null ? i : picks[i])[0];
        }
        return (double) requests / n;
    }

    /** A change and the standard error of its replicates (carried in {@code low} until the interval is made); unknown without them. */
    private static Change change(Metric m, double base, double next, double change, double[] replicates) {
        double[] ok = Arrays.stream(replicates).filter(d -> !Double.isNaN(d) && !Double.isInfinite(d)).toArray();
        if (ok.length < replicates.length * 0.9 || ok.length < 2 || Double.isNaN(change) || Double.isInfinite(change)) {
            return new Change(m, base, next, change, Double.NaN, Double.NaN, Verdict.UNKNOWN);
        }
        double mean = Arrays.stream(ok).average().orElse(0);
        double var = Arrays.stream(ok).map(d -> (d - mean) * (d - mean)).sum() / (ok.length - 1);
        return new Change(m, base, next, change, Math.sqrt(var), Double.NaN, Verdict.UNKNOWN);
    }

    // ---- reading a results folder ----

    /** Key of an endpoint in the maps: service, NUL, name; "all" for every endpoint together. */
    static String key(String service, String endpoint) {
        return service + '\u0000' + endpoint;
    }

    static Map<String, Seconds> seconds(Path dir, RunRecord r) {
        Map<String, String> byTag = new LinkedHashMap<>();
        for (JsonNode e : r.counts().path("endpoints")) {
            byTag.put(HistogramLogs.tag(e.path("service").asText(), e.path("endpoint").asText()),
                    key(e.path("service").asText(), e.path("endpoint").asText()));
        }
        Map<String, Seconds> out = new LinkedHashMap<>();
        Seconds all = new Seconds();
        out.put("all", all);
        Map<Long, Histogram> allBySecond = new TreeMap<>();
        for (Histogram h : r.intervals().latency()) {
            String key = byTag.get(h.getTag());
            if (key == null) {
                continue;
            }
            out.computeIfAbsent(key, k -> new Seconds()).latency.add(h);
            allBySecond.computeIfAbsent(Math.round(h.getStartTimeStamp() / 1000.0), k -> new Histogram(3)).add(h);
        }
        all.latency.addAll(allBySecond.values());
        if (dir == null || !Files.isRegularFile(dir.resolve(Timeline.FILE))) {
            return out;    // a merged folder: no seconds of counts, so no interval for the error rate and throughput
        }
        ArrayNode timeline;
        try {
            timeline = HtmlReport.timeline(dir);
        } catch (IOException e) {
            throw new ResultsException(dir.resolve(Timeline.FILE) + ": cannot be read (" + e.getMessage() + ")");
        }
        for (JsonNode s : timeline) {
            if (s.path("warmUp").asBoolean()) {
                continue;    // the warm-up is left out of every figure, as of the histogram logs
            }
            long[] total = new long[2];
            Map<String, long[]> seen = new TreeMap<>();
            for (JsonNode e : s.path("endpoints")) {
                long[] c = organic(e.path("count").asLong(), e.path("outcomes"));
                seen.put(key(e.path("service").asText(), e.path("endpoint").asText()), c);
                total[0] += c[0];
                total[1] += c[1];
            }
            // every endpoint has this second, with nothing in it when it had no requests
            for (Map.Entry<String, Seconds> e : out.entrySet()) {
                e.getValue().counts.add(e.getKey().equals("all") ? total : seen.getOrDefault(e.getKey(), new long[2]));
            }
        }
        return out;
    }

    private static long[] organic(long count, JsonNode outcomes) {
        long chaos = outcomes.path(Outcome.CHAOS.label).asLong();
        long errors = 0;
        for (Outcome o : Outcome.values()) {
            errors += o.isError() ? outcomes.path(o.label).asLong() : 0;
        }
        return new long[] {count - chaos, errors};
    }

    /**
     * What differs between the two runs' configs (config.json), but for where results go and what judges the run: a
     * comparison of unlike runs warns.
     */
    static List<String> differences(Path base, Path next) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode a = IntervalJson.JSON.readTree(base.resolve(ConfigJson.FILE).toFile());
            JsonNode b = IntervalJson.JSON.readTree(next.resolve(ConfigJson.FILE).toFile());
            diff("", a, b, out);
        } catch (IOException e) {
            out.add("config.json cannot be read (" + e.getMessage() + ")");
        }
        // what judges a run rather than loads the target: its thresholds, their abort settings, its baseline
        out.removeIf(d -> d.startsWith("output.") || d.startsWith("dashboard.") || d.startsWith("thresholds") || d.startsWith("abort-")
                || d.equals("baseline"));
        return out;
    }

    private static void diff(String at, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(at.isEmpty() ? n : at + "." + n, a.get(n), b.get(n), out);
            }
        } else if (a == null || b == null || !a.equals(b) && !samePlace(a, b)) {
            out.add(at);
        }
    }

    /** Two loopback URLs that differ only in their port: the built-in demo's services, started afresh for each run. */
    private static boolean samePlace(JsonNode a, JsonNode b) {
        if (!a.isTextual() || !b.isTextual()) {
            return false;
        }
        try {
            java.net.URI x = java.net.URI.create(a.asText());
            java.net.URI y = java.net.URI.create(b.asText());
            return x.getHost() != null && java.net.InetAddress.getByName(x.getHost()).isLoopbackAddress()
                    && x.getHost().equals(y.getHost()) && java.util.Objects.equals(x.getScheme(), y.getScheme())
                    && java.util.Objects.equals(x.getPath(), y.getPath());
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return false;
        }
    }

    // ---- output ----

    /** compare.json: the two folders, the options, what differs, and every row with its changes. */
    public static ObjectNode json(Result r, Path base, Path next) {
        ObjectNode root = IntervalJson.JSON.createObjectNode();
        root.put("base", base.toString());
        root.put("next", next.toString());
        ObjectNode opts = root.putObject("options");
        opts.put("level", r.options().level());
        opts.put("resamples", r.options().resamples());
        opts.put("margin", r.options().margin());
        opts.put("errorMarginPoints", r.options().errorMarginPoints());
        opts.put("method", "bootstrap over seconds; the change ± z standard errors (on log-ratios for latency and "
                + "throughput), z Bonferroni-adjusted over the table");
        ArrayNode diffs = root.putArray("configDifferences");
        r.differences().forEach(diffs::add);
        root.put("worse", r.anyWorse());
        ArrayNode rows = root.putArray("rows");
        for (Row row : r.rows()) {
            ObjectNode n = rows.addObject();
            n.put("service", row.service());
            n.put("endpoint", row.endpoint());
            n.put("baseCount", row.baseCount());
            n.put("nextCount", row.nextCount());
            n.put("verdict", row.verdict().label);
            ObjectNode changes = n.putObject("changes");
            for (Change c : row.changes()) {
                ObjectNode m = changes.putObject(c.metric().label);
                number(m, "base", c.base());
                number(m, "next", c.next());
                number(m, "change", c.change());
                number(m, "low", c.low());
                number(m, "high", c.high());
                m.put("unit", c.metric() == Metric.ERROR_RATE ? "points" : "relative");
                m.put("verdict", c.verdict().label);
            }
        }
        return root;
    }

    private static void number(ObjectNode n, String name, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(name);
        } else {
            n.put(name, Math.round(v * 1e6) / 1e6);
        }
    }

    /** One line a row: the verdict, then each metric's change and interval. */
    public static List<String> lines(Result r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%-36s %9s %9s  %-22s %s", "endpoint", "base", "new", "verdict",
                "changes (" + Math.round(r.options().level() * 100) + "% interval)"));
        for (Row row : r.rows()) {
            StringBuilder b = new StringBuilder();
            for (Change c : row.changes()) {
                b.append(c.metric().label).append(' ').append(describe(c)).append("  ");
            }
            String name = row.service().isEmpty() ? row.endpoint() : row.service() + " " + row.endpoint();
            out.add(String.format(Locale.ROOT, "%-36s %9d %9d  %-22s %s", name.length() > 36 ? name.substring(0, 35) + "…" : name,
                    row.baseCount(), row.nextCount(), row.verdict().label, b.toString().strip()));
        }
        return out;
    }

    static String describe(Change c) {
        boolean points = c.metric() == Metric.ERROR_RATE;
        String unit = points ? "pt" : "%";
        double k = points ? 1 : 100;
        if (Double.isNaN(c.change())) {
            return "n/a";
        }
        String v = String.format(Locale.ROOT, "%+.1f%s", c.change() * k, unit);
        if (Double.isNaN(c.low())) {
            return v + " (?)";
        }
        String mark = c.verdict() == Verdict.WORSE ? " WORSE" : c.verdict() == Verdict.BETTER ? " better" : "";
        return String.format(Locale.ROOT, "%s (%+.1f…%+.1f)%s", v, c.low() * k, c.high() * k, mark);
    }
}
