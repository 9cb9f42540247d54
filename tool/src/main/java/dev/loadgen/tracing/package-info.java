/**
 * OpenTelemetry for the simulated users: the SDK set up from {@link dev.loadgen.config.TracingConfig}
 * (never {@code GlobalOpenTelemetry}: the embedded demo runs its own SDKs in the same process), a span per
 * user action, a client span per request, producer and consumer spans per WebSocket frame, W3C
 * {@code traceparent} and {@code baggage} on every request, and OTLP export through a batch processor that
 * never blocks a user: spans that do not fit, or that the collector refuses, are dropped and counted.
 *
 * <p>{@link dev.loadgen.tracing.Tracing} is the whole API the rest of loadgen sees; when tracing is off it
 * hands out shared no-op spans, so the request path pays a field read. May call: config.
 */
package dev.loadgen.tracing;
