/**
 * HTTP and WebSocket clients: thin wrappers over the chosen libraries that time every exchange, classify
 * its outcome, record it through {@link dev.loadgen.metrics.Recorder}, and trace it (a client span, with
 * {@code traceparent} and {@code baggage} on the wire) through {@link dev.loadgen.tracing.Tracing}. They
 * enforce the host allow-list (DESIGN.md §9): only the configured targets and loopback, on every hop of a
 * redirect they follow ({@link dev.loadgen.protocol.Redirects}). Compressed bodies are decoded here, as they
 * come and no further than the cap ({@link dev.loadgen.protocol.Compression}). Each new
 * connection's connect and TLS handshake times are recorded too, under the endpoint of the first request
 * it carries.
 *
 * <p>Injected faults that live on the wire (a pause, a slow upload, an abort after the send) are carried
 * out here as a {@link dev.loadgen.protocol.WireFault} says, and their requests' outcome is {@code chaos}.
 *
 * <p>May call: config, metrics, tracing. Knows no service's API: that is behavior's job.
 */
package dev.loadgen.protocol;
