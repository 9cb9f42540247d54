package dev.loadgen.demo.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A map that keeps at most {@code cap} entries and drops the oldest inserted one to make room,
 * telling {@code onEvict} (to clean indexes and count the eviction). Not thread-safe: the store
 * that owns it guards it with its own lock, because its operations span several structures.
 */
public final class FifoMap<K, V> extends LinkedHashMap<K, V> {
    private final int cap;
    private final transient BiConsumer<K, V> onEvict;

    public FifoMap(int cap, BiConsumer<K, V> onEvict) {
        super(16, 0.75f, false);
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1");
        }
        this.cap = cap;
        this.onEvict = onEvict;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() <= cap) {
            return false;
        }
        onEvict.accept(eldest.getKey(), eldest.getValue());
        return true;
    }

    public int cap() {
        return cap;
    }
}
