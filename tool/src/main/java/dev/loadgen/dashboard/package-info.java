/**
 * The live dashboard: an embedded HTTP server (Jetty 12's core API, already in loadgen's jar for the
 * demo app and the client) that serves one page, streams the interval snapshots to it over Server-Sent
 * Events as one more {@link dev.loadgen.metrics.Sink}, and takes live control requests (target users or
 * rate, stop) through a small JSON API guarded by {@link dev.loadgen.dashboard.Access}.
 *
 * <p>It adds nothing per request: it only reads the one-second snapshots and the run's totals. The
 * page's charts and tables are report's own scripts ({@code charts.js}, {@code tables.js}), fed by the same interval events that
 * {@code timeline.jsonl} records, so the live page and {@code report.html} cannot disagree.
 *
 * <p>{@link dev.loadgen.dashboard.ControlPoint} serves the same page for several instances of one run
 * ({@code loadgen control}): it reads their dashboards' event streams and sends their control APIs the page's
 * requests, over HTTP only, as a browser would.
 *
 * <p>May call: config, metrics, report, and the engine only through {@link dev.loadgen.engine.LoadControl}.
 */
package dev.loadgen.dashboard;
