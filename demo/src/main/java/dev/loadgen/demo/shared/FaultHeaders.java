package dev.loadgen.demo.shared;

import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.jetty.http.HttpFields;

/**
 * The Envoy HTTP fault-injection headers, honoured the way Envoy's fault filter does when its
 * {@code header_delay} / {@code header_abort} are enabled: a delay before the request reaches
 * the route, then an abort instead of the route. Values that Envoy would not accept are
 * ignored and counted in {@code demo_fault_headers_ignored_total{header}}, so a chaos run can
 * see that its faults did not land.
 */
public final class FaultHeaders {
    public static final String DELAY = "x-envoy-fault-delay-request";
    public static final String ABORT = "x-envoy-fault-abort-request";
    /** Longer delays are refused rather than clamped: a typo must not hold a connection for hours. */
    public static final int MAX_DELAY_MILLIS = 30_000;

    /** What the headers of one request ask for. */
    public record Fault(long delayMillis, OptionalInt abortStatus) {
        static final Fault NONE = new Fault(0, OptionalInt.empty());

        public boolean isNone() {
            return delayMillis == 0 && abortStatus.isEmpty();
        }
    }

    private final boolean enabled;
    private final ServiceMetrics metrics;

    public FaultHeaders(boolean enabled, ServiceMetrics metrics) {
        this.enabled = enabled;
        this.metrics = metrics;
    }

    public Fault read(HttpFields headers) {
        if (!enabled) {
            return Fault.NONE;
        }
        String delay = headers.get(DELAY);
        String abort = headers.get(ABORT);
        if (delay == null && abort == null) {
            return Fault.NONE;
        }
        long delayMillis = 0;
        if (delay != null) {
            OptionalInt d = parse(delay, 0, MAX_DELAY_MILLIS);
            if (d.isPresent()) {
                delayMillis = d.getAsInt();
            } else {
                metrics.faultIgnored(DELAY);
            }
        }
        OptionalInt status = OptionalInt.empty();
        if (abort != null) {
            status = parse(abort, 200, 599);
            if (status.isEmpty()) {
                metrics.faultIgnored(ABORT);
            }
        }
        return new Fault(delayMillis, status);
    }

    /**
     * Carries a fault out on the current (virtual) thread: sleeps for the delay, then answers
     * the abort status if one was asked for.
     */
    public Optional<Reply> apply(Fault fault) throws InterruptedException {
        if (fault.delayMillis() > 0) {
            metrics.faultInjected("delay");
            Thread.sleep(fault.delayMillis());
        }
        if (fault.abortStatus().isPresent()) {
            metrics.faultInjected("abort");
            return Optional.of(Reply.error(new ApiException(fault.abortStatus().getAsInt(), "fault injected")));
        }
        return Optional.empty();
    }

    private static OptionalInt parse(String raw, int min, int max) {
        try {
            int v = Integer.parseInt(raw.trim());
            return v >= min && v <= max ? OptionalInt.of(v) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
