/**
 * What the user reads: the live progress line, the end-of-run summary table, and the results folder
 * ({@code summary.json}, the HdrHistogram interval logs). Everything here is a {@link dev.loadgen.metrics.Sink}
 * of the interval snapshots or is built from the totals afterwards; {@code loadgen merge} reads results
 * folders back ({@link dev.loadgen.report.ResultsMerge}).
 *
 * <p>May call: config, engine (its result), metrics.
 */
package dev.loadgen.report;
