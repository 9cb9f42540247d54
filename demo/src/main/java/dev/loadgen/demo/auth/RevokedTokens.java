package dev.loadgen.demo.auth;

import dev.loadgen.demo.shared.FifoMap;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ids ({@code jti}) of access tokens revoked by logout, each kept until its token expires:
 * after that the signature check refuses the token anyway. Insertion order is close to expiry
 * order (one TTL for all tokens), so pruning looks at the oldest entries only. If more tokens
 * are revoked than the cap holds, the oldest revocation is forgotten and counted as an eviction.
 */
final class RevokedTokens {
    private final ReentrantLock lock = new ReentrantLock();
    private final FifoMap<String, Instant> revoked;
    private final Clock clock;

    RevokedTokens(int cap, Clock clock, ServiceMetrics metrics) {
        this.clock = clock;
        revoked = new FifoMap<>(cap, (jti, exp) -> metrics.evicted("revoked_tokens"));
    }

    void revoke(String jti, Instant expiresAt) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Iterator<Map.Entry<String, Instant>> it = revoked.entrySet().iterator();
            while (it.hasNext() && !it.next().getValue().isAfter(now)) {
                it.remove();
            }
            revoked.put(jti, expiresAt);
        } finally {
            lock.unlock();
        }
    }

    boolean isRevoked(String jti) {
        lock.lock();
        try {
            return revoked.containsKey(jti);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return revoked.size();
        } finally {
            lock.unlock();
        }
    }
}
