package dev.loadgen.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The whole run so far: each endpoint's cumulative histograms beside its meter's counters, and the
 * WebSocket delivery histograms. Built by the collector from the interval histograms, so the totals and
 * the intervals can never disagree.
 */
public final class Totals {
    private final Map<EndpointMeter, EndpointTotal> endpoints = new LinkedHashMap<>();
    private final Histogram wsEcho = new Histogram(3);
    private final Histogram wsPeer = new Histogram(3);

    /** One endpoint over the whole run; histograms in microseconds. */
    public record EndpointTotal(EndpointMeter meter, Histogram latency, Histogram serviceTime) {}

    synchronized void add(Snapshot s) {
        for (Snapshot.EndpointInterval e : s.endpoints()) {
            EndpointTotal t = endpoints.computeIfAbsent(e.endpoint(), m -> new EndpointTotal(m, new Histogram(3), new Histogram(3)));
            t.latency().add(e.latency());
            t.serviceTime().add(e.serviceTime());
        }
        wsEcho.add(s.wsEcho());
        wsPeer.add(s.wsPeer());
    }

    public synchronized List<EndpointTotal> endpoints() {
        return new ArrayList<>(endpoints.values());
    }

    public synchronized Histogram wsEcho() {
        return wsEcho.copy();
    }

    public synchronized Histogram wsPeer() {
        return wsPeer.copy();
    }
}
