package dev.loadgen.metrics;

/**
 * One request's result.
 *
 * @param status             the HTTP status received (101 for an opened WebSocket), 0 when none was
 * @param intendedStartNanos when the request should have been sent by the user's schedule; latency is
 *                           measured from here so that a stalled generator cannot hide a slow target
 * @param sentNanos          when it was actually handed to the client; service time is measured from here
 * @param traceId            the trace of the request's span when it was sampled (hex), empty otherwise: it
 *                           becomes an exemplar of the latency histogram
 * @param spanId             that span's id (hex), empty when {@code traceId} is
 * @param bodyBytes          bytes of response body received, whether kept or not: decoded when loadgen decoded a compressed body
 *                           (as far as it decoded it), as they came on the wire otherwise
 * @param bodyWireBytes      bytes of response body as they came on the wire (compressed when the target compressed)
 */
public record RequestSample(EndpointMeter endpoint, int status, Outcome outcome, long intendedStartNanos,
                            long sentNanos, long endNanos, String traceId, String spanId, long bodyBytes, long bodyWireBytes) {
    /** A request whose response body came as it was sent: decoded and on the wire, the same bytes. */
    public RequestSample(EndpointMeter endpoint, int status, Outcome outcome, long intendedStartNanos, long sentNanos, long endNanos,
                         String traceId, String spanId, long bodyBytes) {
        this(endpoint, status, outcome, intendedStartNanos, sentNanos, endNanos, traceId, spanId, bodyBytes, bodyBytes);
    }

    /** A request whose response body, if any, is not counted (none came, or a WebSocket handshake). */
    public RequestSample(EndpointMeter endpoint, int status, Outcome outcome, long intendedStartNanos, long sentNanos, long endNanos,
                         String traceId, String spanId) {
        this(endpoint, status, outcome, intendedStartNanos, sentNanos, endNanos, traceId, spanId, 0);
    }

    /** A request that was not traced. */
    public RequestSample(EndpointMeter endpoint, int status, Outcome outcome, long intendedStartNanos, long sentNanos, long endNanos) {
        this(endpoint, status, outcome, intendedStartNanos, sentNanos, endNanos, "", "");
    }

    public long latencyNanos() {
        return endNanos - Math.min(intendedStartNanos, sentNanos);
    }

    public long serviceTimeNanos() {
        return endNanos - sentNanos;
    }

    public boolean traced() {
        return !traceId.isEmpty();
    }
}
