package dev.loadgen.protocol;

/**
 * An injected fault that the transport carries out on the wire, and the mark that makes the request's
 * outcome {@code chaos} whatever comes back. Faults that change what is sent (bodies, tokens, headers) are
 * applied to the {@link HttpCall} before; this says only how it is sent.
 *
 * @param kind                 the fault's kind ({@code abort}, {@code delay}, ...); empty for none
 * @param pauseNanos           wait this long before sending (latency, measured from the intended start,
 *                             includes it; service time does not)
 * @param abortAfterSend       close the connection once the request is written, before the response
 * @param uploadBytesPerSecond send the body at this rate (0: at once)
 */
public record WireFault(String kind, long pauseNanos, boolean abortAfterSend, int uploadBytesPerSecond) {
    public static final WireFault NONE = new WireFault("", 0, false, 0);

    /** A fault applied to the request's content or headers only: sent normally, counted as chaos. */
    public static WireFault marked(String kind) {
        return new WireFault(kind, 0, false, 0);
    }

    public boolean injected() {
        return !kind.isEmpty();
    }
}
