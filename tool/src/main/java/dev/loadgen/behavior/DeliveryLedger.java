package dev.loadgen.behavior;

import dev.loadgen.metrics.WsCounters;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows every message this process's users send on a tracked socket (a chat message to a room) until it
 * settles: each member of the group who was present when it was sent has received it, or the socket's
 * {@code track.timeout} has passed and those still waiting have lost it (DESIGN.md §6). Messages are told
 * apart by the id the scenario puts in them ({@code track.id}), which the server echoes to every member. The sender's own copy gives the echo delivery time, the others' the
 * peer delivery time. The loss rate is lost / (delivered + lost) over settled messages only, so messages
 * still in flight when the run ends weigh on neither side.
 *
 * <p>A user counts as present in a group from the moment it receives {@code joined}: the server sends that
 * before relaying anything sent after the join, so a message registered later is one the server must
 * deliver to it. A user that leaves, or whose socket closes, stops waiting: what it did not get by then may
 * have been on its way, so such a message counts neither as delivered nor as lost.
 */
final class DeliveryLedger {
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final WsCounters counters;
    private final long lostAfterNanos;
    private final Map<String, Set<Long>> members = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    /** A message in flight; {@code inconclusive} once a member stopped waiting for it by leaving. */
    private static final class Pending {
        final long sender;
        final long sentNanos;
        final Set<Long> waiting;
        final AtomicInteger delivered = new AtomicInteger();
        volatile boolean inconclusive;

        Pending(long sender, long sentNanos, Set<Long> waiting) {
            this.sender = sender;
            this.sentNanos = sentNanos;
            this.waiting = waiting;
        }
    }

    DeliveryLedger(WsCounters counters, java.time.Duration lostAfter, long nowNanos) {
        this.counters = counters;
        this.lostAfterNanos = lostAfter.toNanos();
        this.lastSweep = new AtomicLong(nowNanos);
    }

    void joined(String group, long user) {
        members.computeIfAbsent(group, r -> ConcurrentHashMap.newKeySet()).add(user);
    }

    void left(String group, long user) {
        Set<Long> m = members.get(group);
        if (m != null) {
            m.remove(user);
        }
        stopWaiting(user);
    }

    /** The user's socket closed: it is in no group and waits for nothing any more. */
    void gone(long user) {
        members.values().forEach(m -> m.remove(user));
        stopWaiting(user);
    }

    private void stopWaiting(long user) {
        pending.forEach((id, p) -> {
            if (p.waiting.remove(user)) {
                p.inconclusive = true;
                if (p.waiting.isEmpty()) {
                    settle(id, p);
                }
            }
        });
    }

    void sent(String clientId, String group, long user, long now) {
        Set<Long> waiting = ConcurrentHashMap.newKeySet();
        waiting.addAll(members.getOrDefault(group, Set.of()));
        waiting.add(user);
        pending.put(clientId, new Pending(user, now, waiting));
        if (now - lastSweep.get() > SWEEP_EVERY_NANOS) {
            sweep(now);
        }
    }

    void received(String clientId, long user, long now) {
        Pending p = pending.get(clientId);
        if (p == null || !p.waiting.remove(user)) {
            return;
        }
        p.delivered.incrementAndGet();
        if (user == p.sender) {
            counters.echoDelivered(now - p.sentNanos);
        } else {
            counters.peerDelivered(now - p.sentNanos);
        }
        if (p.waiting.isEmpty()) {
            settle(clientId, p);
        }
    }

    /**
     * Counts a settled message, unless a member left while it was in flight: then whether that member would
     * have got it is unknown, and counting only the others' receipts would make losses look rarer than they are.
     */
    private void settle(String clientId, Pending p) {
        if (pending.remove(clientId, p) && !p.inconclusive) {
            counters.settled(p.delivered.get(), 0);
        }
    }

    /** Settles the messages older than the timeout: whoever still waits has lost them. */
    void sweep(long now) {
        lastSweep.set(now);
        pending.forEach((id, p) -> {
            if (now - p.sentNanos >= lostAfterNanos && pending.remove(id, p) && !p.inconclusive) {
                counters.settled(p.delivered.get(), p.waiting.size());
            }
        });
    }
}
