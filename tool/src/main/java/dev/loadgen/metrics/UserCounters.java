package dev.loadgen.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Users and sessions: how many are active (by persona), started, how sessions ended (by persona), and
 * how long users thought between actions (by persona).
 */
public final class UserCounters {
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> startedByPersona = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> activeByPersona = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> completedByPersona = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> abandonedByPersona = new ConcurrentHashMap<>();
    private final Map<String, ClassicHistogram> thinkByPersona = new ConcurrentHashMap<>();

    public void userStarted(String persona) {
        peak.accumulateAndGet(active.incrementAndGet(), Math::max);
        started.increment();
        startedByPersona.computeIfAbsent(persona, p -> new LongAdder()).increment();
        activeByPersona.computeIfAbsent(persona, p -> new AtomicInteger()).incrementAndGet();
    }

    public void userEnded(String persona) {
        active.decrementAndGet();
        activeByPersona.computeIfAbsent(persona, p -> new AtomicInteger()).decrementAndGet();
    }

    /** A session ended normally (logged out, or its last action done). */
    public void sessionCompleted(String persona) {
        completed.increment();
        completedByPersona.computeIfAbsent(persona, p -> new LongAdder()).increment();
    }

    /** A session cut short: the user was stopped mid-session or gave up after errors. */
    public void sessionAbandoned(String persona) {
        abandoned.increment();
        abandonedByPersona.computeIfAbsent(persona, p -> new LongAdder()).increment();
    }

    /** A pause between two actions (think time plus reading time), for the think-time distribution per persona. */
    public void thought(String persona, long nanos) {
        ClassicHistogram h = thinkByPersona.get(persona);
        if (h == null) {
            h = thinkByPersona.computeIfAbsent(persona, p -> new ClassicHistogram(ClassicHistogram.THINK_SECONDS));
        }
        h.observe(nanos / 1e9);
    }

    public void sessionDropped() {
        dropped.increment();
    }

    /** A simulated user's code failed unexpectedly (a bug, not a target error). */
    public void userFailed() {
        failed.increment();
    }

    public int active() {
        return active.get();
    }

    public int peak() {
        return peak.get();
    }

    public long started() {
        return started.sum();
    }

    public long completed() {
        return completed.sum();
    }

    public long abandoned() {
        return abandoned.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public Map<String, Long> startedByPersona() {
        Map<String, Long> out = new java.util.TreeMap<>();
        startedByPersona.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Long> completedByPersona() {
        return sums(completedByPersona);
    }

    public Map<String, Long> abandonedByPersona() {
        return sums(abandonedByPersona);
    }

    Map<String, ClassicHistogram> thinkByPersona() {
        return new java.util.TreeMap<>(thinkByPersona);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new java.util.TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Map<String, Integer> activeByPersona() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        activeByPersona.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
