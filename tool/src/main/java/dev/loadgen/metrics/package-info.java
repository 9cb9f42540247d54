/**
 * Recording: every request's outcome and timing enters through {@link dev.loadgen.metrics.Recorder}
 * into HdrHistogram recorders and counters per endpoint; an {@link dev.loadgen.metrics.IntervalCollector}
 * turns them into one {@link dev.loadgen.metrics.Snapshot} per interval for every {@link dev.loadgen.metrics.Sink}
 * (console, report files, and later Prometheus and the dashboard), and thresholds are evaluated on the totals.
 *
 * <p>May call: config. Called by protocol (samples), user and the engine wiring (user and session counts).
 */
package dev.loadgen.metrics;
