/**
 * Metrics pushed to a receiver, for runs that end before Prometheus would scrape them: the registry that
 * serves {@code /metrics}, read every interval and once more at the end, and sent as Prometheus remote write
 * (a protobuf {@code WriteRequest}, Snappy-compressed, encoded here) or as OTLP metrics (through the
 * OpenTelemetry SDK's exporters). A receiver that is down or refuses costs the run a warning and a count,
 * never a stall: pushes run on their own thread, each bounded by a timeout.
 *
 * <p>May call: config.
 */
package dev.loadgen.metrics.push;
