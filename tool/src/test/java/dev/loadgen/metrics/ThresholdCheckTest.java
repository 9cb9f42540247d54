package dev.loadgen.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.Origin;
import dev.loadgen.config.Threshold;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** checks.rate: the share of the scenario's checks that passed, over the endpoints in its scope. */
class ThresholdCheckTest {
    private static ThresholdCheck.Figures figures(String service, String endpoint, long passed, long failed) {
        return new ThresholdCheck.Figures(service, endpoint, 10, 0, 0, passed, failed, new Histogram(3));
    }

    private static ThresholdCheck.Result check(String expression, List<ThresholdCheck.Figures> figures) {
        return ThresholdCheck.evaluate(List.of(Threshold.parse(expression, Origin.DEFAULTS)), figures, 10).getFirst();
    }

    @Test
    void the_checks_rate_is_passed_over_judged_in_its_scope() {
        List<ThresholdCheck.Figures> f = List.of(figures("books", "GET /books", 99, 1), figures("shop", "POST /cart", 0, 50));
        ThresholdCheck.Result books = check("books.checks.rate > 98%", f);
        assertThat(books.value()).isEqualTo(0.99);
        assertThat(books.ok()).isTrue();
        ThresholdCheck.Result all = check("checks.rate > 98%", f);
        assertThat(all.value()).isEqualTo(99.0 / 150);
        assertThat(all.ok()).isFalse();
        assertThat(all.describe()).contains("66.00%");
    }

    @Test
    void a_checks_rate_with_nothing_judged_fails_and_says_why() {
        ThresholdCheck.Result r = check("checks.rate > 99%", List.of(figures("books", "GET /books", 0, 0)));
        assertThat(r.ok()).isFalse();
        assertThat(r.describe()).contains("no checks judged in 'all'");
    }

    private static ThresholdCheck.Result versus(String expression, double base, double next, double change, double low, double high) {
        Threshold t = Threshold.parse(expression, dev.loadgen.config.Origin.flag("--threshold"));
        return new ThresholdCheck.Result(t, next, true).judged(new ThresholdCheck.Versus(base, next, change, low, high, 0.95, "too short"));
    }

    @Test
    void a_baseline_threshold_fails_only_when_its_whole_interval_lies_beyond_the_margin() {
        assertThat(versus("p95 < baseline + 10%", 100, 115, 0.15, 0.11, 0.19).ok()).isFalse();
        assertThat(versus("p95 < baseline + 10%", 100, 115, 0.15, 0.09, 0.21).ok()).isTrue();
        assertThat(versus("p95 < baseline", 100, 101, 0.01, 0.002, 0.02).ok()).isFalse();
        // throughput regresses downwards
        assertThat(versus("rps > baseline - 10%", 100, 80, -0.2, -0.25, -0.15).ok()).isFalse();
        assertThat(versus("rps > baseline - 10%", 100, 80, -0.2, -0.3, -0.05).ok()).isTrue();
        // the error rate's change and margin in points: +0.5 % is half a point
        assertThat(versus("errors.rate < baseline + 0.5%", 0.01, 0.02, 1.0, 0.6, 1.4).ok()).isFalse();
        assertThat(versus("errors.rate < baseline + 0.5%", 0.01, 0.014, 0.4, 0.2, 0.6).ok()).isTrue();
        // no interval, no pass
        ThresholdCheck.Result none = versus("p95 < baseline + 10%", 100, 300, 2, Double.NaN, Double.NaN);
        assertThat(none.ok()).isFalse();
        assertThat(none.describe()).isEqualTo("FAILED  p95 < baseline + 10%  (300.0ms vs 100.0ms in the baseline: too short)");
    }

    @Test
    void a_baseline_verdict_says_both_values_the_change_and_whether_the_interval_could_ever_fail_it() {
        assertThat(versus("p95 < baseline + 10%", 100, 115, 0.15, 0.11, 0.19).describe())
                .isEqualTo("FAILED  p95 < baseline + 10%  (115.0ms vs 100.0ms in the baseline: +15.0%, 95% interval +11.0%…+19.0%)");
        assertThat(versus("p95 < baseline + 10%", 100, 300, 2.0, -0.8, 48.0).describe()).isEqualTo("ok      p95 < baseline + 10%  "
                + "(300.0ms vs 100.0ms in the baseline: +200.0%, 95% interval -80.0%…+4800.0%; too wide to tell a change of 10.0%: "
                + "run longer, or with more users)");
        assertThat(versus("errors.rate < baseline", 0.001, 0.002, 0.1, -0.02, 0.16).measured())
                .isEqualTo("0.20% vs 0.10% in the baseline: +0.10 pt, 95% interval -0.02 pt…+0.16 pt");
        // live, before the end: held, and said to be judged later
        Threshold t = Threshold.parse("p95 < baseline", dev.loadgen.config.Origin.flag("--threshold"));
        assertThat(new ThresholdCheck.Result(t, 12.5, true).measured()).isEqualTo("12.5ms, compared with the baseline at the end");
    }
}
