package dev.loadgen.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * WebSocket traffic: open connections, frames sent and received by type, and message delivery: latency
 * (echo: my message back to me; peer: from my send to another member's receipt, in microseconds), and of
 * the settled deliveries, those that never came (lost). Frame types are whatever the two sides put in their
 * frames, so they are capped: past {@value #MAX_TYPES} types per direction, the rest count as {@code other}.
 */
public final class WsCounters {
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder opened = new LongAdder();
    static final int MAX_TYPES = 32;

    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final LongAdder lost = new LongAdder();
    private final LongAdder settledDelivered = new LongAdder();
    private final org.HdrHistogram.Recorder echo = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder peer = new org.HdrHistogram.Recorder(3);
    private final LongAdder reconnectAttempts = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final org.HdrHistogram.Recorder reconnectTime = new org.HdrHistogram.Recorder(3);

    public void opened() {
        open.incrementAndGet();
        opened.increment();
    }

    public void closed() {
        open.decrementAndGet();
    }

    /** A frame of this type went out. */
    public void sent(String type) {
        counter(sent, type).increment();
    }

    /** A frame of this type came in. */
    public void received(String type) {
        counter(received, type).increment();
    }

    private static LongAdder counter(Map<String, LongAdder> byType, String type) {
        LongAdder c = byType.get(type);
        if (c != null) {
            return c;
        }
        return byType.computeIfAbsent(byType.size() < MAX_TYPES ? type : "other", t -> new LongAdder());
    }

    /**
     * A message settled: {@code delivered} members got it, {@code lost} present members did not within the
     * timeout.
     */
    public void settled(long delivered, long lost) {
        settledDelivered.add(delivered);
        this.lost.add(lost);
    }

    /** Deliveries of settled messages: those that came plus those lost. */
    public long settledTotal() {
        return settledDelivered.sum() + lost.sum();
    }

    public void echoDelivered(long nanos) {
        echo.recordValue(Math.max(0, nanos / 1000));
    }

    public void peerDelivered(long nanos) {
        peer.recordValue(Math.max(0, nanos / 1000));
    }

    /** A user tries to open again a socket that broke (the server closed it, or it dropped), not one it closed itself. */
    public void reconnectAttempt() {
        reconnectAttempts.increment();
    }

    /** The broken socket is open again, {@code nanos} after it broke (backoff and failed attempts included). */
    public void reconnected(long nanos) {
        reconnects.increment();
        reconnectTime.recordValue(Math.max(0, nanos / 1000));
    }

    public long reconnectAttempts() {
        return reconnectAttempts.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public int openNow() {
        return open.get();
    }

    public long openedTotal() {
        return opened.sum();
    }

    public long sentTotal() {
        return sent.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long receivedTotal() {
        return received.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Frames sent so far, by type. */
    public Map<String, Long> sentByType() {
        return snapshot(sent);
    }

    /** Frames received so far, by type. */
    public Map<String, Long> receivedByType() {
        return snapshot(received);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> byType) {
        Map<String, Long> out = new TreeMap<>();
        byType.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long lostTotal() {
        return lost.sum();
    }

    Histogram intervalEcho() {
        return echo.getIntervalHistogram();
    }

    Histogram intervalPeer() {
        return peer.getIntervalHistogram();
    }

    /** Reconnect times (microseconds) since the last call; the interval collector's, and a test's. */
    public Histogram intervalReconnect() {
        return reconnectTime.getIntervalHistogram();
    }
}
