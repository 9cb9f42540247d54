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
}
