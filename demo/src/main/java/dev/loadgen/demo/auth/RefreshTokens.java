package dev.loadgen.demo.auth;

import dev.loadgen.demo.shared.FifoMap;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opaque refresh tokens (32 random bytes, base64url), single use: {@link #rotate} spends one and
 * issues the next in a single step, so a replayed token is refused (401). Bounded over all
 * users; the oldest token is dropped first.
 */
final class RefreshTokens {
    private record Entry(String userId, Instant expiresAt) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final FifoMap<String, Entry> tokens;
    private final Map<String, Set<String>> byUser = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;

    RefreshTokens(int cap, Duration ttl, Clock clock, ServiceMetrics metrics) {
        this.ttl = ttl;
        this.clock = clock;
        tokens = new FifoMap<>(cap, (token, entry) -> {
            unindex(token, entry.userId());
            metrics.evicted("refresh_tokens");
        });
    }

    String issue(String userId) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        lock.lock();
        try {
            tokens.put(token, new Entry(userId, clock.instant().plus(ttl)));
            byUser.computeIfAbsent(userId, k -> new HashSet<>(2)).add(token);
        } finally {
            lock.unlock();
        }
        return token;
    }

    /** Spends a live token and returns its user; empty for unknown, spent or expired tokens. */
    Optional<String> spend(String token) {
        lock.lock();
        try {
            Entry e = tokens.remove(token);
            if (e == null) {
                return Optional.empty();
            }
            unindex(token, e.userId());
            return clock.instant().isBefore(e.expiresAt()) ? Optional.of(e.userId()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Logout: every refresh token of the user stops working. */
    void revokeUser(String userId) {
        lock.lock();
        try {
            Set<String> mine = byUser.remove(userId);
            if (mine != null) {
                mine.forEach(tokens::remove);
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return tokens.size();
        } finally {
            lock.unlock();
        }
    }

    private void unindex(String token, String userId) {
        Set<String> mine = byUser.get(userId);
        if (mine != null && mine.remove(token) && mine.isEmpty()) {
            byUser.remove(userId);
        }
    }
}
