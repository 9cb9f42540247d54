package dev.loadgen.demo;

import java.util.EnumMap;
import java.util.Map;

/** The value of every {@link Cap}: the defaults, with any overridden through {@link #with}. */
public final class StorageCaps {
    private final Map<Cap, Integer> values;

    private StorageCaps(Map<Cap, Integer> values) {
        this.values = values;
    }

    public static StorageCaps defaults() {
        Map<Cap, Integer> m = new EnumMap<>(Cap.class);
        for (Cap c : Cap.values()) {
            m.put(c, c.defaultValue());
        }
        return new StorageCaps(m);
    }

    /** Every cap set to {@code n}: small stores for tests. */
    public static StorageCaps all(int n) {
        StorageCaps caps = defaults();
        for (Cap c : Cap.values()) {
            caps = caps.with(c, n);
        }
        return caps;
    }

    public StorageCaps with(Cap cap, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + cap.flag() + ": must be at least 1, got " + value);
        }
        Map<Cap, Integer> m = new EnumMap<>(values);
        m.put(cap, value);
        return new StorageCaps(m);
    }

    public int get(Cap cap) {
        return values.get(cap);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageCaps other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "StorageCaps" + values;
    }
}
