/**
 * Recording: every request's outcome and timing enters through {@link dev.loadgen.metrics.Recorder}
 * into HdrHistogram recorders and counters per endpoint (and the connect and TLS handshake times of the
 * connections the endpoint's requests opened); an {@link dev.loadgen.metrics.IntervalCollector}
 * turns them into one {@link dev.loadgen.metrics.Snapshot} per interval for every {@link dev.loadgen.metrics.Sink}
 * (console, report files, {@link dev.loadgen.metrics.PrometheusSink}, the dashboard), and thresholds are
 * evaluated on the totals. {@link dev.loadgen.metrics.MetricsServer} serves the Prometheus endpoint; the
 * metric names, labels and units are DESIGN.md §6. Failed requests also leave their error text (bounded
 * per endpoint), and the chaos layer counts its injections in {@link dev.loadgen.metrics.ChaosCounters}.
 * {@code metrics.push} sends the registry that serves the endpoint to a receiver, for runs that end before a scrape.
 *
 * <p>May call: config. Called by protocol (samples), user and the engine wiring (user and session counts).
 */
package dev.loadgen.metrics;
