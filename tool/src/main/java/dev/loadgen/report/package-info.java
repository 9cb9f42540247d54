/**
 * What the user reads: the live progress line, the end-of-run summary table, and the results folder:
 * {@code summary.json}, the HdrHistogram interval logs, {@code timeline.jsonl} (one {@link
 * dev.loadgen.report.IntervalJson} line per interval), {@code config.json} (the configuration used, secrets
 * redacted) and {@code report.html}, rendered from those files alone by {@link dev.loadgen.report.HtmlReport}.
 * Everything here is a {@link dev.loadgen.metrics.Sink} of the interval snapshots or is built from the
 * totals or the results folder afterwards. The pages' scripts and styles live beside this package as
 * resources; the dashboard serves the same ones; {@code loadgen merge} reads results folders back
 * ({@link dev.loadgen.report.ResultsMerge}).
 *
 * <p>May call: config, engine (its result and the load's status), metrics.
 */
package dev.loadgen.report;
