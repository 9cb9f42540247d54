package dev.loadgen.metrics;

import dev.loadgen.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Once per interval, swaps every recorder's interval histogram out (HdrHistogram's double buffering
 * costs the writers nothing), adds it to the {@link Totals}, and hands the {@link Snapshot} to the sinks.
 * {@link #finish()} takes the last, partial interval, so no sample recorded before it is lost.
 */
public final class IntervalCollector {
    private final Metrics metrics;
    private final WsCounters ws;
    private final Duration interval;
    private final List<Sink> sinks = new CopyOnWriteArrayList<>();
    private final Totals totals = new Totals();
    private final Map<EndpointMeter, long[]> lastOutcomes = new HashMap<>();
    private final Map<EndpointMeter, Map<String, Long>> lastErrorTexts = new HashMap<>();
    private final Map<EndpointMeter, Long> lastErrorTotals = new HashMap<>();
    private final Map<EndpointMeter, Snapshot.EndpointInterval> previous = new HashMap<>();
    /** The previous interval's lag histogram, recycled as the endpoints' are. */
    private Histogram lastLag;
    private final long startNanos;
    private final Clock clock;
    private final Consumer<String> warn;
    private long lastNanos;
    /** The warm-up's length (0: none), and what to do once its last interval is collected. */
    private long warmUpNanos;
    private Runnable warmUpEnded = () -> {};
    private boolean warming;
    private volatile boolean running = true;
    private Thread thread;

    /** Intervals count from {@code startNanos} on {@code clock}; a sink that fails is dropped with a warning to {@code warn}. */
    public IntervalCollector(Metrics metrics, WsCounters ws, Duration interval, long startNanos, Clock clock, Consumer<String> warn) {
        this.metrics = metrics;
        this.ws = ws;
        this.interval = interval;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
        this.clock = clock;
        this.warn = warn;
    }

    public void add(Sink sink) {
        sinks.add(sink);
    }

    public Totals totals() {
        return totals;
    }

    /**
     * Collects every interval from now on. Intervals end on whole intervals from {@code startNanos}, also when that is in
     * the past (an instance that joins its run late, {@code --start-at}): its first interval is then the rest of the one it
     * joined in, so that its k-th second is the other instances' k-th second.
     */
    public void start() {
        long step = interval.toNanos();
        long now = clock.nanoTime();
        if (now > startNanos) {
            synchronized (this) {
                lastNanos = now;
            }
        }
        long first = startNanos + step * (now > startNanos ? Math.floorDiv(now - startNanos, step) + 1 : 1);
        thread = Thread.ofPlatform().daemon().name("loadgen-collector").start(() -> {
            long next = first;
            try {
                while (running) {
                    if (clock.sleepUntil(next, () -> !running)) {
                        collect(clock.nanoTime(), false);
                        next += interval.toNanos();
                    }
                }
            } catch (InterruptedException e) {
                // finish() takes the last interval
            }
        });
    }

    /** Stops the periodic collection and takes the final interval. */
    public void finish() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        collect(clock.nanoTime(), true);
        for (Sink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                warn.accept("a results sink could not be closed: " + e.getMessage());
            }
        }
    }

    /** The error texts counted since the last interval; the texts are only read when some were added. */
    private Map<String, Long> newErrorTexts(EndpointMeter m) {
        long total = m.errorTextTotal();
        if (total == lastErrorTotals.getOrDefault(m, 0L)) {
            return Map.of();
        }
        lastErrorTotals.put(m, total);
        Map<String, Long> now = m.errorTexts();
        Map<String, Long> before = lastErrorTexts.getOrDefault(m, Map.of());
        Map<String, Long> delta = new java.util.TreeMap<>();
        now.forEach((text, n) -> {
            long d = n - before.getOrDefault(text, 0L);
            if (d > 0) {
                delta.put(text, d);
            }
        });
        lastErrorTexts.put(m, now);
        return delta;
    }

    synchronized Snapshot collect(long nowNanos, boolean last) {
        List<Snapshot.EndpointInterval> eps = new ArrayList<>();
        for (EndpointMeter m : metrics.endpoints()) {
            // taken before the outcomes, so that the time from reading those to the warm-up's counts stays as short as it can
            ConnectionInterval opened = m.intervalConnections();
            long[] now = new long[Outcome.values().length];
            for (Outcome o : Outcome.values()) {
                now[o.ordinal()] = m.outcome(o);
            }
            long[] before = lastOutcomes.getOrDefault(m, new long[now.length]);
            long[] delta = new long[now.length];
            for (int i = 0; i < now.length; i++) {
                delta[i] = now[i] - before[i];
            }
            lastOutcomes.put(m, now);
            // the previous snapshot's histograms are done with (sinks do not keep them): recycle them
            Snapshot.EndpointInterval spent = previous.get(m);
            Snapshot.EndpointInterval e = new Snapshot.EndpointInterval(m,
                    m.intervalLatency(spent == null ? null : spent.latency()),
                    m.intervalServiceTime(spent == null ? null : spent.serviceTime()), delta, newErrorTexts(m), opened);
            previous.put(m, e);
            eps.add(e);
        }
        // an interval belongs to the warm-up when it ends by the warm-up's end, give or take half a tick; after its last
        // one, the warm-up's counts are taken at once, next to its histograms, so that the two split the requests alike
        // but for the few recorded in between (each is counted on one side, never on both nor neither)
        long half = interval.toNanos() / 2;
        boolean warm = warming && nowNanos - startNanos < warmUpNanos + half;
        if (warm && (last || nowNanos + interval.toNanos() - startNanos >= warmUpNanos + half)) {
            warming = false;
            warmUpEnded.run();
        }
        Histogram echo = ws.intervalEcho();
        Histogram peer = ws.intervalPeer();
        Histogram reconnect = ws.intervalReconnect();
        UserCounters u = metrics.users();
        Snapshot.Counters counters = new Snapshot.Counters(u.activeByPersona(), u.completed(), u.abandoned(),
                ws.openedTotal(), ws.sentTotal(), ws.receivedTotal(), ws.lostTotal(), ws.reconnectAttempts(), ws.reconnects(),
                metrics.chaos().byKind());
        lastLag = metrics.intervalLag(lastLag);
        Snapshot s = new Snapshot((nowNanos - startNanos) / 1e9, (nowNanos - lastNanos) / 1e9, eps,
                u.active(), u.dropped(), ws.openNow(), echo, peer, reconnect, lastLag, last, warm, counters);
        lastNanos = nowNanos;
        if (!warm) {
            totals.add(s);    // the figures so far (live thresholds, the dashboard's tables) leave the warm-up out
        }
        for (Sink sink : sinks) {
            try {
                sink.interval(s);
            } catch (RuntimeException e) {
                warn.accept("a results sink failed and was skipped: " + e.getMessage());
                sinks.remove(sink);
            }
        }
        return s;
    }

    /**
     * Marks the intervals of the load's first {@code length} as its warm-up ({@link Snapshot#warmUp}), left out of
     * {@link #totals()}; {@code ended} runs once, right after the last of them is collected (or the last interval,
     * when the run ends within the warm-up), for the run to keep its counts apart. Before {@link #start}.
     */
    public void warmUp(Duration length, Runnable ended) {
        warmUpNanos = length.toNanos();
        warmUpEnded = ended;
        warming = !length.isZero();
    }
}
