/**
 * The plumbing every demo service shares: the Jetty server on virtual threads ({@link
 * dev.loadgen.demo.shared.HttpServer}), the router with route templates, JSON bodies and
 * {@code {"error": ...}} answers, input limits, the Envoy fault headers, Prometheus metrics,
 * OpenTelemetry server and client spans, HS256 access tokens, bounded stores and the
 * inter-service HTTP client.
 *
 * <p>It knows nothing of auth, users, posts or chat: the service packages call it, never the
 * other way round.
 */
package dev.loadgen.demo.shared;
