package dev.loadgen.behavior;

import dev.loadgen.metrics.WsCounters;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows every chat message this process's users send until it settles: each member of the room who was
 * present when it was sent has received it, or {@code world.message-timeout} has passed and those still
 * waiting have lost it (DESIGN.md §6). The sender's own copy gives the echo delivery time, the others' the
 * peer delivery time. The loss rate is lost / (delivered + lost) over settled messages only, so messages
 * still in flight when the run ends weigh on neither side.
 *
 * <p>A user counts as present in a room from the moment it receives {@code joined}: the server sends that
 * before relaying anything sent after the join, so a message registered later is one the server must
 * deliver to it. A user that leaves, or whose socket closes, stops waiting: what it did not get by then may
 * have been on its way, so such a message counts neither as delivered nor as lost.
 */
final class ChatLedger {
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;

    private final WsCounters counters;
    private final long lostAfterNanos;
    private final Map<String, Set<Long>> members = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

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

    ChatLedger(WsCounters counters, java.time.Duration lostAfter) {
        this.counters = counters;
        this.lostAfterNanos = lostAfter.toNanos();
    }

    void joined(String room, long user) {
        members.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(user);
    }

    void left(String room, long user) {
        Set<Long> m = members.get(room);
        if (m != null) {
            m.remove(user);
        }
        stopWaiting(user);
    }

    /** The user's socket closed: it is in no room and waits for nothing any more. */
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

    void sent(String clientId, String room, long user, long now) {
        Set<Long> waiting = ConcurrentHashMap.newKeySet();
        waiting.addAll(members.getOrDefault(room, Set.of()));
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
