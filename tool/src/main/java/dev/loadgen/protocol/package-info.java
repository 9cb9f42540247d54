/**
 * HTTP and WebSocket clients: thin wrappers over the chosen libraries that time every exchange, classify
 * its outcome, record it through {@link dev.loadgen.metrics.Recorder}, and trace it (a client span, with
 * {@code traceparent} and {@code baggage} on the wire) through {@link dev.loadgen.tracing.Tracing}. They
 * enforce the host allow-list (DESIGN.md §9): only the configured targets and loopback.
 *
 * <p>May call: config, metrics, tracing. Knows no service's API: that is behavior's job.
 */
package dev.loadgen.protocol;
