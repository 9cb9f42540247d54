package dev.loadgen.metrics.push;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.data.SummaryData;
import io.opentelemetry.sdk.metrics.data.SummaryPointData;
import io.opentelemetry.sdk.metrics.data.ValueAtQuantile;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A registry snapshot as OTLP metric data, named so that a Prometheus reading OTLP (or a collector's
 * Prometheus exporter) arrives at the names of {@code /metrics}: counters are monotonic cumulative sums
 * without their {@code _total}, which the translation appends; histograms are explicit-bucket histograms
 * (OTLP counts each bucket on its own, where Prometheus' {@code le} buckets are cumulative); units are
 * UCUM ({@code s}, {@code By}), which the translation turns back into the suffix the names already carry.
 * Info and state-set metrics become gauges of 1 and 0, as in the text format.
 */
final class OtlpData {
    static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.loadgen");

    private OtlpData() {}

    /** One metric; the SDK offers factories for the points but not for the metric itself. */
    private record Metric(Resource resource, String name, String description, String unit, MetricDataType type, Data<?> data)
            implements MetricData {
        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return SCOPE;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public String getUnit() {
            return unit;
        }

        @Override
        public MetricDataType getType() {
            return type;
        }

        @Override
        public Data<?> getData() {
            return data;
        }
    }

    /**
     * @param startNanos when the cumulative values started counting (the run's start), epoch nanoseconds
     * @param nowNanos   the time of the snapshot, epoch nanoseconds
     */
    static List<MetricData> of(MetricSnapshots snapshots, Resource resource, long startNanos, long nowNanos) {
        List<MetricData> out = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            MetricMetadata m = snapshot.getMetadata();
            String name = m.getPrometheusName();
            String help = m.getHelp() == null ? "" : m.getHelp();
            String unit = m.hasUnit() ? ucum(m.getUnit()) : "";
            List<DoublePointData> points = new ArrayList<>();
            switch (snapshot) {
                case CounterSnapshot c -> {
                    c.getDataPoints().forEach(d -> points.add(DoublePointData.create(startNanos, nowNanos, attributes(d.getLabels()), d.getValue(), List.of())));
                    out.add(new Metric(resource, name.endsWith("_total") ? name.substring(0, name.length() - 6) : name, help, unit,
                            MetricDataType.DOUBLE_SUM, SumData.createDoubleSumData(true, AggregationTemporality.CUMULATIVE, points)));
                }
                case GaugeSnapshot g -> {
                    g.getDataPoints().forEach(d -> points.add(DoublePointData.create(startNanos, nowNanos, attributes(d.getLabels()), d.getValue(), List.of())));
                    out.add(gauge(resource, name, help, unit, points));
                }
                case HistogramSnapshot h when !h.isGaugeHistogram() -> {
                    List<HistogramPointData> hp = new ArrayList<>();
                    for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
                        ClassicHistogramBuckets b = d.getClassicBuckets();
                        List<Double> bounds = new ArrayList<>();
                        List<Long> counts = new ArrayList<>();
                        for (int i = 0; i < b.size(); i++) {
                            if (b.getUpperBound(i) != Double.POSITIVE_INFINITY) {
                                bounds.add(b.getUpperBound(i));
                            }
                            counts.add(b.getCount(i));
                        }
                        if (counts.isEmpty()) {
                            counts.add(d.hasCount() ? d.getCount() : 0);
                        }
                        hp.add(HistogramPointData.create(startNanos, nowNanos, attributes(d.getLabels()), d.hasSum() ? d.getSum() : 0,
                                false, 0, false, 0, bounds, counts));
                    }
                    out.add(new Metric(resource, name, help, unit, MetricDataType.HISTOGRAM, HistogramData.create(AggregationTemporality.CUMULATIVE, hp)));
                }
                case SummarySnapshot s -> {
                    List<SummaryPointData> sp = new ArrayList<>();
                    for (SummarySnapshot.SummaryDataPointSnapshot d : s.getDataPoints()) {
                        List<ValueAtQuantile> q = new ArrayList<>();
                        for (Quantile quantile : d.getQuantiles()) {
                            q.add(ValueAtQuantile.create(quantile.getQuantile(), quantile.getValue()));
                        }
                        sp.add(SummaryPointData.create(startNanos, nowNanos, attributes(d.getLabels()), d.hasCount() ? d.getCount() : 0,
                                d.hasSum() ? d.getSum() : 0, q));
                    }
                    out.add(new Metric(resource, name, help, unit, MetricDataType.SUMMARY, SummaryData.create(sp)));
                }
                case InfoSnapshot i -> {
                    i.getDataPoints().forEach(d -> points.add(DoublePointData.create(startNanos, nowNanos, attributes(d.getLabels()), 1, List.of())));
                    out.add(gauge(resource, name.endsWith("_info") ? name : name + "_info", help, unit, points));
                }
                case StateSetSnapshot s -> {
                    for (StateSetSnapshot.StateSetDataPointSnapshot d : s.getDataPoints()) {
                        for (int i = 0; i < d.size(); i++) {
                            Attributes a = attributes(d.getLabels()).toBuilder().put(name, d.getName(i)).build();
                            points.add(DoublePointData.create(startNanos, nowNanos, a, d.isTrue(i) ? 1 : 0, List.of()));
                        }
                    }
                    out.add(gauge(resource, name, help, unit, points));
                }
                case UnknownSnapshot u -> {
                    u.getDataPoints().forEach(d -> points.add(DoublePointData.create(startNanos, nowNanos, attributes(d.getLabels()), d.getValue(), List.of())));
                    out.add(gauge(resource, name, help, unit, points));
                }
                // a gauge histogram has no OTLP counterpart; loadgen's registry has none
                default -> { }
            }
        }
        return out;
    }

    private static MetricData gauge(Resource resource, String name, String help, String unit, List<DoublePointData> points) {
        return new Metric(resource, name, help, unit, MetricDataType.DOUBLE_GAUGE, GaugeData.createDoubleGaugeData(points));
    }

    private static Attributes attributes(Labels labels) {
        AttributesBuilder b = Attributes.builder();
        for (int i = 0; i < labels.size(); i++) {
            b.put(labels.getPrometheusName(i), labels.getValue(i));
        }
        return b.build();
    }

    private static String ucum(Unit unit) {
        return switch (unit.toString()) {
            case "seconds" -> "s";
            case "bytes" -> "By";
            case "ratio" -> "1";
            default -> unit.toString();
        };
    }
}
