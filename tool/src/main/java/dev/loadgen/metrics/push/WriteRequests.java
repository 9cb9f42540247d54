package dev.loadgen.metrics.push;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
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
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A registry snapshot as a remote-write 1.0 {@code WriteRequest}: the series {@code /metrics} shows, under
 * the same names ({@code _total} on counters, {@code _bucket} with cumulative {@code le} buckets,
 * {@code _sum} and {@code _count} on histograms, {@code _info} on info metrics), one sample each at the
 * push's time, plus each family's type and help as metadata.
 *
 * <pre>
 * WriteRequest   { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
 * TimeSeries     { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label          { string name = 1; string value = 2; }
 * Sample         { double value = 1; int64 timestamp = 2; }   // milliseconds since the epoch
 * MetricMetadata { MetricType type = 1; string metric_family_name = 2; string help = 4; string unit = 5; }
 * </pre>
 *
 * A series' labels are sorted by name, {@code __name__} among them, as the protocol requires.
 */
final class WriteRequests {
    /** MetricMetadata.MetricType of remote write. */
    static final int UNKNOWN = 0, COUNTER = 1, GAUGE = 2, HISTOGRAM = 3, GAUGE_HISTOGRAM = 4, SUMMARY = 5, INFO = 6, STATESET = 7;

    /** One series with its labels (the metric's own, {@code __name__} not included) and its value now. */
    record Series(String name, SortedMap<String, String> labels, double value) {}

    /** A metric family: its remote-write type, name as in the text format's {@code # TYPE} line, help, unit, and series. */
    record Family(int type, String name, String help, String unit, List<Series> series) {}

    private WriteRequests() {}

    /**
     * @param external labels added to every series that does not have a label of that name itself
     */
    static byte[] encode(MetricSnapshots snapshots, Map<String, String> external, long epochMillis) {
        ProtoWriter request = new ProtoWriter();
        for (MetricSnapshot snapshot : snapshots) {
            Family f = family(snapshot);
            for (Series s : f.series()) {
                SortedMap<String, String> labels = new TreeMap<>(s.labels());
                external.forEach(labels::putIfAbsent);
                labels.put("__name__", s.name());
                ProtoWriter series = new ProtoWriter();
                labels.forEach((n, v) -> series.message(1, new ProtoWriter().string(1, n).string(2, v)));
                series.message(2, new ProtoWriter().fixedDouble(1, s.value()).varint(2, epochMillis));
                request.message(1, series);
            }
            request.message(3, new ProtoWriter().varint(1, f.type()).string(2, f.name()).string(4, f.help()).string(5, f.unit()));
        }
        return request.toByteArray();
    }

    static Family family(MetricSnapshot snapshot) {
        MetricMetadata m = snapshot.getMetadata();
        String base = m.getPrometheusName();
        String help = m.getHelp() == null ? "" : m.getHelp();
        String unit = m.hasUnit() ? m.getUnit().toString() : "";
        List<Series> out = new ArrayList<>();
        return switch (snapshot) {
            case CounterSnapshot c -> {
                String name = suffixed(base, "_total");
                c.getDataPoints().forEach(d -> out.add(series(name, d, d.getValue())));
                yield new Family(COUNTER, name, help, unit, out);
            }
            case GaugeSnapshot g -> {
                g.getDataPoints().forEach(d -> out.add(series(base, d, d.getValue())));
                yield new Family(GAUGE, base, help, unit, out);
            }
            case HistogramSnapshot h -> {
                String count = h.isGaugeHistogram() ? "_gcount" : "_count";
                String sum = h.isGaugeHistogram() ? "_gsum" : "_sum";
                for (HistogramSnapshot.HistogramDataPointSnapshot d : h.getDataPoints()) {
                    long cumulative = 0;
                    for (int i = 0; i < d.getClassicBuckets().size(); i++) {
                        cumulative += d.getClassicBuckets().getCount(i);
                        out.add(series(base + "_bucket", d, "le", number(d.getClassicBuckets().getUpperBound(i)), cumulative));
                    }
                    if (d.hasCount()) {
                        out.add(series(base + count, d, d.getCount()));
                    }
                    if (d.hasSum()) {
                        out.add(series(base + sum, d, d.getSum()));
                    }
                }
                yield new Family(h.isGaugeHistogram() ? GAUGE_HISTOGRAM : HISTOGRAM, base, help, unit, out);
            }
            case SummarySnapshot s -> {
                for (SummarySnapshot.SummaryDataPointSnapshot d : s.getDataPoints()) {
                    for (Quantile q : d.getQuantiles()) {
                        out.add(series(base, d, "quantile", number(q.getQuantile()), q.getValue()));
                    }
                    if (d.hasCount()) {
                        out.add(series(base + "_count", d, d.getCount()));
                    }
                    if (d.hasSum()) {
                        out.add(series(base + "_sum", d, d.getSum()));
                    }
                }
                yield new Family(SUMMARY, base, help, unit, out);
            }
            case InfoSnapshot i -> {
                String name = suffixed(base, "_info");
                i.getDataPoints().forEach(d -> out.add(series(name, d, 1)));
                yield new Family(INFO, name, help, unit, out);
            }
            case StateSetSnapshot s -> {
                for (StateSetSnapshot.StateSetDataPointSnapshot d : s.getDataPoints()) {
                    for (int i = 0; i < d.size(); i++) {
                        out.add(series(base, d, base, d.getName(i), d.isTrue(i) ? 1 : 0));
                    }
                }
                yield new Family(STATESET, base, help, unit, out);
            }
            case UnknownSnapshot u -> {
                u.getDataPoints().forEach(d -> out.add(series(base, d, d.getValue())));
                yield new Family(UNKNOWN, base, help, unit, out);
            }
            default -> new Family(UNKNOWN, base, help, unit, out);
        };
    }

    private static Series series(String name, DataPointSnapshot d, double value) {
        return new Series(name, labels(d.getLabels()), value);
    }

    private static Series series(String name, DataPointSnapshot d, String extraName, String extraValue, double value) {
        SortedMap<String, String> labels = labels(d.getLabels());
        labels.put(extraName, extraValue);
        return new Series(name, labels, value);
    }

    private static SortedMap<String, String> labels(Labels labels) {
        SortedMap<String, String> out = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            out.put(labels.getPrometheusName(i), labels.getValue(i));
        }
        return out;
    }

    private static String suffixed(String name, String suffix) {
        return name.endsWith(suffix) ? name : name + suffix;
    }

    /** As the text format writes {@code le} and {@code quantile}: {@code +Inf}, {@code 0.005}, {@code 1.0}. */
    static String number(double v) {
        return v == Double.POSITIVE_INFINITY ? "+Inf" : v == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(v);
    }
}
