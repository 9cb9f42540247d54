package dev.loadgen.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * WebSocket traffic: open connections, frames sent and received, and message delivery: latency (echo:
 * my message back to me; peer: from my send to another member's receipt, in microseconds), and of the
 * settled deliveries, those that never came (lost).
 */
public final class WsCounters {
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder opened = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder settledDelivered = new LongAdder();
    private final org.HdrHistogram.Recorder echo = new org.HdrHistogram.Recorder(3);
    private final org.HdrHistogram.Recorder peer = new org.HdrHistogram.Recorder(3);

    public void opened() {
        open.incrementAndGet();
        opened.increment();
    }

    public void closed() {
        open.decrementAndGet();
    }

    public void sent() {
        sent.increment();
    }

    public void received() {
        received.increment();
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

    public int openNow() {
        return open.get();
    }

    public long openedTotal() {
        return opened.sum();
    }

    public long sentTotal() {
        return sent.sum();
    }

    public long receivedTotal() {
        return received.sum();
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
}
