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
}
