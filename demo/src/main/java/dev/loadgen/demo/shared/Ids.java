package dev.loadgen.demo.shared;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque ids: a one-letter kind and 64 random bits in base 36. Random rather than sequential
 * so that ids from a restarted service do not collide with ids other services still hold, and
 * so that clients cannot treat them as numbers or counts.
 */
public final class Ids {
    private Ids() {}

    public static String next(char kind) {
        long bits = ThreadLocalRandom.current().nextLong();
        return kind + Long.toUnsignedString(bits, 36);
    }
}
