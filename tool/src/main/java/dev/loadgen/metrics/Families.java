package dev.loadgen.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the Prometheus client's metric snapshots from plain series maps (label values -> value). */
final class Families {
    private Families() {}

    /** A traced request kept as an exemplar: its latency, trace and span ids, and when it ended. */
    record Example(double seconds, String traceId, String spanId, long epochMillis) {}

    /** A classic histogram's state: counts per bucket (the +Inf one last), sum, and exemplars. */
    record Buckets(double[] bounds, long[] counts, double sum, List<Example> examples) {
        static Buckets of(ClassicHistogram h, List<Example> examples) {
            return new Buckets(h.bounds(), h.counts(), h.sum(), examples);
        }

        /** Two series merged (into the overflow series); exemplars are dropped, as they no longer say which series. */
        Buckets plus(Buckets other) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += other.counts[i];
            }
            return new Buckets(bounds, c, sum + other.sum, List.of());
        }
    }

    /** {@code name} ends in {@code _total}; the client library writes that suffix itself. */
    static CounterSnapshot counter(String name, String help, List<String> labels, Map<List<String>, Double> series) {
        String base = name.substring(0, name.length() - "_total".length());
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(base).help(help);
        series.forEach((values, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels(labels, values)).value(v).build()));
        return b.build();
    }

    static GaugeSnapshot gauge(String name, String help, List<String> labels, Map<List<String>, Double> series) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        series.forEach((values, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(labels(labels, values)).value(v).build()));
        return b.build();
    }

    /** A histogram in seconds ({@code name} ends in {@code _seconds}). */
    static HistogramSnapshot histogram(String name, String help, List<String> labels, Map<List<String>, Buckets> series) {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
        series.forEach((values, h) -> {
            double[] bounds = new double[h.bounds().length + 1];
            System.arraycopy(h.bounds(), 0, bounds, 0, h.bounds().length);
            bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            List<Exemplar> ex = new ArrayList<>();
            for (Example e : h.examples()) {
                ex.add(Exemplar.builder().value(e.seconds()).traceId(e.traceId()).spanId(e.spanId()).timestampMillis(e.epochMillis()).build());
            }
            b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(labels(labels, values))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts()))
                    .sum(h.sum())
                    .exemplars(Exemplars.of(ex))
                    .build());
        });
        return b.build();
    }

    private static Labels labels(List<String> names, List<String> values) {
        return names.isEmpty() ? Labels.EMPTY : Labels.of(names.toArray(String[]::new), values.toArray(String[]::new));
    }
}
