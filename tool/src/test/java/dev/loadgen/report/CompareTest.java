package dev.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The comparison's statistics on runs made up second by second: no false alarm between like runs, a real slowdown found. */
class CompareTest {
    private static final List<String> ENDPOINTS = List.of("GET /feed", "GET /posts/{id}", "POST /posts", "GET /users/{id}", "POST /auth/login");

    /** A run: 30 seconds of 40 requests an endpoint, latencies lognormal around 10 ms, each second a little slower or faster. */
    private static Map<String, Compare.Seconds> run(SplittableRandom rng, String slowEndpoint, double slowdown) {
        Map<String, Compare.Seconds> out = new LinkedHashMap<>();
        Compare.Seconds all = new Compare.Seconds();
        out.put("all", all);
        for (int s = 0; s < 30; s++) {
            double second = Math.exp(0.05 * rng.nextGaussian());
            Histogram allHist = new Histogram(3);
            long[] allCounts = new long[2];
            for (String e : ENDPOINTS) {
                Histogram h = new Histogram(3);
                long errors = 0;
                for (int i = 0; i < 40; i++) {
                    double ms = 10 * second * Math.exp(0.5 * rng.nextGaussian()) * (e.equals(slowEndpoint) ? slowdown : 1);
                    h.recordValue(Math.round(ms * 1000));
                    errors += rng.nextDouble() < 0.01 ? 1 : 0;
                }
                Compare.Seconds sec = out.computeIfAbsent(Compare.key("posts", e), k -> new Compare.Seconds());
                sec.latency.add(h);
                sec.counts.add(new long[] {40, errors});
                allHist.add(h);
                allCounts[0] += 40;
                allCounts[1] += errors;
            }
            all.latency.add(allHist);
            all.counts.add(allCounts);
        }
        return out;
    }

    @Test
    void like_runs_are_not_reported_worse_in_19_of_20_pairs() {
        SplittableRandom rng = new SplittableRandom(20261207);
        int alarms = 0;
        for (int pair = 0; pair < 20; pair++) {
            Compare.Result r = Compare.compare(run(rng, "", 1), run(rng, "", 1), List.of(), Compare.Options.DEFAULT);
            alarms += r.anyWorse() ? 1 : 0;
        }
        assertThat(alarms).isLessThanOrEqualTo(1);
    }

    @Test
    void an_endpoint_made_20_percent_slower_is_reported_worse_and_only_it() {
        SplittableRandom rng = new SplittableRandom(7);
        Compare.Result r = Compare.compare(run(rng, "", 1), run(rng, "POST /posts", 1.2), List.of(), Compare.Options.DEFAULT);
        for (Compare.Row row : r.rows()) {
            if (row.endpoint().equals("POST /posts")) {
                assertThat(row.verdict()).as(Compare.lines(r).toString()).isEqualTo(Compare.Verdict.WORSE);
                Compare.Change p50 = row.changes().getFirst();
                assertThat(p50.change()).isBetween(0.1, 0.3);
                assertThat(p50.low()).isLessThan(0.2);
                assertThat(p50.high()).isGreaterThan(0.2);
            } else if (!row.endpoint().equals("all")) {
                assertThat(row.verdict()).as(row.endpoint() + "\n" + String.join("\n", Compare.lines(r))).isNotEqualTo(Compare.Verdict.WORSE);
            }
        }
    }

    @Test
    void the_same_data_gives_no_change_and_an_interval_around_zero() {
        Map<String, Compare.Seconds> a = run(new SplittableRandom(1), "", 1);
        Compare.Result r = Compare.compare(a, a, List.of(), Compare.Options.DEFAULT);
        for (Compare.Row row : r.rows()) {
            assertThat(row.verdict()).isEqualTo(Compare.Verdict.SAME);
            for (Compare.Change c : row.changes()) {
                assertThat(c.change()).isZero();
                assertThat(c.low()).isLessThanOrEqualTo(0);
                assertThat(c.high()).isGreaterThanOrEqualTo(0);
            }
        }
    }
}
