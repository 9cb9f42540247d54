package dev.loadgen.demo.auth;

import dev.loadgen.demo.shared.FifoMap;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** Accounts by username and by id, at most {@code cap} of them, the oldest dropped first. */
final class Accounts {
    private final ReentrantLock lock = new ReentrantLock();
    private final FifoMap<String, Account> byUsername;
    private final Map<String, Account> byId = new HashMap<>();

    Accounts(int cap, ServiceMetrics metrics) {
        byUsername = new FifoMap<>(cap, (username, account) -> {
            byId.remove(account.id());
            metrics.evicted("accounts");
        });
    }

    /** Adds the account unless its username is taken. */
    boolean add(Account account) {
        lock.lock();
        try {
            if (byUsername.containsKey(account.username())) {
                return false;
            }
            byId.put(account.id(), account);
            byUsername.put(account.username(), account);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes back an account whose registration could not complete. */
    void remove(Account account) {
        lock.lock();
        try {
            if (byUsername.remove(account.username(), account)) {
                byId.remove(account.id());
            }
        } finally {
            lock.unlock();
        }
    }

    Optional<Account> byUsername(String username) {
        lock.lock();
        try {
            return Optional.ofNullable(byUsername.get(username));
        } finally {
            lock.unlock();
        }
    }

    Optional<Account> byId(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id));
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return byUsername.size();
        } finally {
            lock.unlock();
        }
    }
}
