package dev.loadgen.metrics.push;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.StateSet;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** A registry with every kind of metric /metrics can show, the JVM's included, and label values that need escaping. */
final class Fixture {
    private Fixture() {}

    static PrometheusRegistry registry() {
        PrometheusRegistry r = new PrometheusRegistry();
        Counter requests = Counter.builder().name("loadgen_requests_total").help("Requests sent").labelNames("endpoint", "status").register(r);
        requests.labelValues("GET /posts/{id}", "200").inc(18);
        requests.labelValues("POST \"quoted\" \\ back\nslash é", "503").inc(2);
        Gauge users = Gauge.builder().name("loadgen_active_users").help("Users running now").labelNames("persona").register(r);
        users.labelValues("lurker").set(3);
        Histogram latency = Histogram.builder().name("loadgen_request_duration_seconds").help("Latency").unit(Unit.SECONDS)
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.1, 1).labelNames("service").register(r);
        for (double v : new double[] {0.003, 0.004, 0.02, 0.05, 0.5, 3}) {
            latency.labelValues("posts").observe(v);
        }
        Summary think = Summary.builder().name("think_seconds").help("Think time").quantile(0.5, 0.01).quantile(0.95, 0.01).register(r);
        think.observe(1.5);
        think.observe(2.5);
        Info.builder().name("build_info").help("Build").labelNames("version").register(r).setLabelValues("0.1.0");
        StateSet phase = StateSet.builder().name("phase").help("Phase of the run").states("ramp", "hold").register(r);
        phase.setTrue("hold");
        Gauge.builder().name("loadgen_ws_connections").help("Open sockets").register(r).set(0);
        JvmMetrics.builder().register(r);
        return r;
    }
}
