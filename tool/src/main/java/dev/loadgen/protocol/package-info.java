/**
 * HTTP and WebSocket clients: thin wrappers over the chosen libraries that time every exchange, classify
 * its outcome, and record it through {@link dev.loadgen.metrics.Recorder}. They enforce the host
 * allow-list (DESIGN.md §9): only the configured targets and loopback.
 *
 * <p>May call: config, metrics. Knows no service's API: that is behavior's job.
 */
package dev.loadgen.protocol;
