package dev.loadgen.demo.shared;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A global cap over items that live in many small per-owner collections (comments of all
 * posts, likes of all posts, follows of all users). Per-owner caps alone would let the total
 * grow with the number of owners; this keeps the oldest-first order across owners and hands
 * the oldest item back for removal once the total passes the cap.
 *
 * <p>An item may already be gone from its owner (the post was deleted) when its turn comes:
 * {@code evict} must then do nothing. The queue itself never holds more than {@code cap}
 * items, live or stale. Not thread-safe: used under its store's lock.
 */
public final class FifoBudget<T> {
    private final int cap;
    private final Consumer<T> evict;
    private final ArrayDeque<T> order = new ArrayDeque<>();

    public FifoBudget(int cap, Consumer<T> evict) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        this.cap = cap;
        this.evict = evict;
    }

    public void add(T item) {
        order.addLast(item);
        while (order.size() > cap) {
            evict.accept(order.pollFirst());
        }
    }
}
