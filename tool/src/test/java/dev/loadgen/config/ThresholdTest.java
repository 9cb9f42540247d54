package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    private static Threshold t(String s) {
        return Threshold.parse(s, Origin.DEFAULTS);
    }

    @Test
    void service_percentiles_are_in_milliseconds() {
        Threshold t = t("posts.p95 < 300ms");
        assertThat(t.scope()).isEqualTo("posts");
        assertThat(t.metric()).isEqualTo(Threshold.Metric.LATENCY);
        assertThat(t.quantile()).isEqualTo(95);
        assertThat(t.limit()).isEqualTo(300);
        assertThat(t("p99.9 <= 1s").quantile()).isEqualTo(99.9);
        assertThat(t("p99.9 <= 1s").scope()).isEqualTo("all");
    }

    @Test
    void error_rates_take_percentages() {
        Threshold t = t("errors.rate < 1%");
        assertThat(t.scope()).isEqualTo("all");
        assertThat(t.limit()).isEqualTo(0.01);
        assertThat(t("chat.errors.rate<0.5%").scope()).isEqualTo("chat");
    }

    @Test
    void endpoints_are_scoped_in_brackets() {
        Threshold t = t("[GET /posts/{id}].mean > 2ms");
        assertThat(t.endpointScope()).isTrue();
        assertThat(t.scope()).isEqualTo("GET /posts/{id}");
        assertThat(t.quantile()).isEqualTo(-1);
        assertThat(t.comparison()).isEqualTo(Threshold.Comparison.GT);
    }

    @Test
    void rps_is_a_rate() {
        assertThat(t("rps >= 6000/m").limit()).isEqualTo(100);
    }

    @Test
    void nonsense_is_rejected_with_an_example() {
        assertThatThrownBy(() -> t("posts.p95 300ms")).hasMessageContaining("has no comparison");
        assertThatThrownBy(() -> t("posts.latency < 3s")).hasMessageContaining("unknown metric");
        assertThatThrownBy(() -> t("posts.p95 < fast")).hasMessageContaining("is not a duration");
    }

    @Test
    void a_threshold_that_cannot_fail_before_the_end_cannot_abort_the_run() {
        assertThat(t("errors.rate < 1%").abortingAfter(java.time.Duration.ofSeconds(5)).abortOnFail())
                .contains(new Threshold.Abort(java.time.Duration.ofSeconds(5)));
        assertThatThrownBy(() -> t("count > 1").abortingAfter(java.time.Duration.ZERO))
                .hasMessage("'count > 1' cannot fail before the end: the count only grows, so it can still pass until the last request");
        assertThatThrownBy(() -> new Threshold.Abort(java.time.Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_baseline_limit_carries_its_margin_relative_or_in_points() {
        Threshold t = t("[GET /feed].p95 < baseline + 10%");
        assertThat(t.scope()).isEqualTo("GET /feed");
        assertThat(t.baseline()).contains(new Threshold.Baseline(0.10));
        assertThat(t("errors.rate < baseline").baseline()).contains(new Threshold.Baseline(0));
        assertThat(t("posts.errors.rate <= baseline+0.5%").baseline()).contains(new Threshold.Baseline(0.005));
        assertThat(t("rps > baseline - 10%").baseline()).contains(new Threshold.Baseline(-0.10));
        assertThat(t("mean < baseline").quantile()).isEqualTo(-1);
        // judged at the end, on both runs' seconds: it can never abort the run
        assertThat(t("p95 < baseline").earlyFailure()).isEqualTo(Threshold.EarlyFailure.UNDECIDABLE);
        assertThat(t("p95 < 300ms").baseline()).isEmpty();
    }

    @Test
    void a_baseline_judges_what_compare_measures_in_the_direction_of_a_regression() {
        assertThatThrownBy(() -> t("p90 < baseline + 10%")).hasMessageContaining("a baseline judges p50, p95, p99, mean, errors.rate and rps");
        assertThatThrownBy(() -> t("checks.rate > baseline")).hasMessageContaining("a baseline judges");
        assertThatThrownBy(() -> t("p95 > baseline")).hasMessageContaining("a regression is a rise of this metric; write it like 'p95 < baseline + 10%'");
        assertThatThrownBy(() -> t("rps < baseline")).hasMessageContaining("write it like 'rps > baseline - 10%'");
        assertThatThrownBy(() -> t("p95 < baseline + 20ms")).hasMessageContaining("the margin '20ms' must be a percentage");
        assertThatThrownBy(() -> t("p95 < baseline + lots%")).hasMessageContaining("is not a percentage");
        assertThatThrownBy(() -> t("rps > baseline - 100%")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> t("p95 < the baseline")).hasMessageContaining("is not a limit");
    }
}
