package dev.loadgen.behavior;

import dev.loadgen.config.ScenarioSpec;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * What the users of this process share: bounded pools of values (ids of the posts written, of the users who
 * signed up, of every follow), so that what one user creates is what another reads, likes or follows; and
 * pools of fixed values (chat rooms). A pool filled as the run goes keeps its newest values, as a timeline
 * does; picking from it is lock-free.
 */
final class Pools {
    private Pools() {}

    /** One pool. Readers may see a slot being replaced, which is harmless here. */
    static final class Pool {
        private final String name;
        private final AtomicReferenceArray<Object> slots;
        private final AtomicLong next = new AtomicLong();
        private final boolean fixed;

        Pool(ScenarioSpec.PoolSpec spec) {
            this.name = spec.name();
            this.fixed = !spec.values().isEmpty();
            this.slots = new AtomicReferenceArray<>(fixed ? spec.values().size() : spec.size());
            spec.values().forEach(this::add);
        }

        String name() {
            return name;
        }

        boolean fixed() {
            return fixed;
        }

        void add(Object v) {
            slots.set((int) (next.getAndIncrement() % slots.length()), v);
        }

        int size() {
            return (int) Math.min(next.get(), slots.length());
        }

        /** A value at random, or null when the pool is empty. */
        Object uniform(RandomGenerator rng) {
            int n = size();
            return n == 0 ? null : slots.get(rng.nextInt(n));
        }

        /** The newest (k = 0), the one before... */
        Object newest(int k) {
            long last = next.get() - 1 - k;
            return last < 0 || k >= size() ? null : slots.get((int) (last % slots.length()));
        }

        /** The oldest still held. */
        Object oldest() {
            int n = size();
            return n == 0 ? null : newest(n - 1);
        }

        /** The value of rank k (from 0: the first added) among those held, for Zipf picks over fixed pools. */
        Object rank(int k) {
            return fixed ? slots.get(k) : newest(size() - 1 - k);
        }
    }
}
