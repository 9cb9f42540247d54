package dev.loadgen.protocol;

import dev.loadgen.metrics.EndpointMeter;
import java.net.URI;

/**
 * One request to send.
 *
 * @param headers            name/value pairs, flattened ({@code {"Authorization", "Bearer x"}})
 * @param body               the request body, or an empty array for none
 * @param expect             statuses that count as ok; empty means every 2xx and 3xx
 * @param intendedStartNanos when the user's schedule meant this request to go out
 * @param fault              an injected fault to carry out on the wire, {@link WireFault#NONE} for none
 * @param contentType        the body's type
 * @param session            the user's connections and cookies, or {@link ClientSession#SHARED}
 * @param judge              captures and checks on a response with an expected status
 */
public record HttpCall(EndpointMeter endpoint, String method, URI uri, String[] headers, byte[] body,
                       int[] expect, long intendedStartNanos, WireFault fault, String contentType, ClientSession session, Judge judge) {
    public static final String[] NO_HEADERS = {};
    public static final byte[] NO_BODY = {};
    public static final int[] ANY_SUCCESS = {};
    public static final String JSON = "application/json";

    public HttpCall(EndpointMeter endpoint, String method, URI uri, String[] headers, byte[] body, int[] expect, long intendedStartNanos) {
        this(endpoint, method, uri, headers, body, expect, intendedStartNanos, WireFault.NONE, JSON, ClientSession.SHARED, Judge.NONE);
    }

    /** The same request with other headers, body and fault (the injected ones). */
    public HttpCall with(String[] newHeaders, byte[] newBody, WireFault newFault) {
        return new HttpCall(endpoint, method, uri, newHeaders, newBody, expect, intendedStartNanos, newFault, contentType, session, judge);
    }

    public boolean isExpected(int status) {
        if (expect.length == 0) {
            return status >= 200 && status < 400;
        }
        for (int s : expect) {
            if (s == status) {
                return true;
            }
        }
        return false;
    }
}
