package dev.loadgen.demo.users;

import dev.loadgen.demo.shared.FifoBudget;
import dev.loadgen.demo.shared.FifoMap;
import dev.loadgen.demo.shared.ServiceMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Profiles and the follow graph, under one lock because a follow touches two profiles. Both
 * directions of every edge are kept (following, followers), so that dropping a profile or an
 * edge leaves no dangling half behind and the counts stay exact.
 */
final class Profiles {
    /** One follow edge; compared by identity so a stale budget entry never removes a newer edge. */
    private static final class Follow {
        final String from;
        final String to;

        Follow(String from, String to) {
            this.from = from;
            this.to = to;
        }
    }

    private static final class Entry {
        final String id;
        String username;
        String displayName;
        String bio = "";
        final LinkedHashMap<String, Follow> following = new LinkedHashMap<>();
        final Set<String> followers = new HashSet<>();

        Entry(String id, String username) {
            this.id = id;
            this.username = username;
            this.displayName = username;
        }

        Profile view() {
            return new Profile(id, username, displayName, bio, followers.size(), following.size());
        }
    }

    /** What a follow attempt found. */
    enum FollowResult { DONE, NO_TARGET }

    private final ReentrantLock lock = new ReentrantLock();
    private final FifoMap<String, Entry> byId;
    private final TreeMap<String, String> idByUsername = new TreeMap<>();
    private final FifoBudget<Follow> follows;
    private final int maxFollowingPerUser;
    private final ServiceMetrics metrics;

    Profiles(UsersConfig config, ServiceMetrics metrics) {
        this.metrics = metrics;
        this.maxFollowingPerUser = config.maxFollowingPerUser();
        byId = new FifoMap<>(config.maxProfiles(), (id, e) -> {
            forget(e);
            metrics.evicted("profiles");
        });
        follows = new FifoBudget<>(config.maxFollows(), f -> {
            if (unlink(f)) {
                metrics.evicted("follows");
            }
        });
    }

    /** Creates the profile, or renames an existing one (the internal route is idempotent). */
    boolean upsert(String id, String username) {
        lock.lock();
        try {
            Entry e = byId.get(id);
            boolean created = e == null;
            if (created) {
                e = new Entry(id, username);
                byId.put(id, e);
            } else {
                idByUsername.remove(e.username, id);
                e.username = username;
            }
            idByUsername.put(username, id);
            return created;
        } finally {
            lock.unlock();
        }
    }

    Optional<Profile> find(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id)).map(Entry::view);
        } finally {
            lock.unlock();
        }
    }

    /** Updates the caller's profile, creating it from the token's claims if it was dropped. */
    Profile update(String id, String username, Optional<String> displayName, Optional<String> bio) {
        lock.lock();
        try {
            Entry e = ensure(id, username);
            displayName.ifPresent(d -> e.displayName = d);
            bio.ifPresent(b -> e.bio = b);
            return e.view();
        } finally {
            lock.unlock();
        }
    }

    FollowResult follow(String me, String myUsername, String target) {
        lock.lock();
        try {
            Entry m = ensure(me, myUsername);
            Entry t = byId.get(target);
            if (t == null) {
                return FollowResult.NO_TARGET;
            }
            if (m.following.containsKey(target)) {
                return FollowResult.DONE;
            }
            Follow f = new Follow(me, target);
            m.following.put(target, f);
            t.followers.add(me);
            if (m.following.size() > maxFollowingPerUser) {
                unlink(m.following.values().iterator().next());
                metrics.evicted("follows");
            }
            follows.add(f);
            return FollowResult.DONE;
        } finally {
            lock.unlock();
        }
    }

    FollowResult unfollow(String me, String target) {
        lock.lock();
        try {
            if (!byId.containsKey(target)) {
                return FollowResult.NO_TARGET;
            }
            Entry m = byId.get(me);
            if (m != null) {
                Follow f = m.following.get(target);
                if (f != null) {
                    unlink(f);
                }
            }
            return FollowResult.DONE;
        } finally {
            lock.unlock();
        }
    }

    /** The ids a user follows, oldest follow first; empty when the user is unknown. */
    Optional<List<String>> following(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(byId.get(id)).map(e -> List.copyOf(e.following.keySet()));
        } finally {
            lock.unlock();
        }
    }

    /** Profiles whose username starts with {@code prefix}, in username order. */
    List<Profile> search(String prefix, int limit) {
        lock.lock();
        try {
            List<Profile> out = new ArrayList<>(Math.min(limit, 16));
            for (Map.Entry<String, String> u : idByUsername.tailMap(prefix, true).entrySet()) {
                if (!u.getKey().startsWith(prefix) || out.size() == limit) {
                    break;
                }
                Entry e = byId.get(u.getValue());
                if (e != null) {
                    out.add(e.view());
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Sizes for the storage tests: profiles and follow edges. */
    Map<String, Integer> sizes() {
        lock.lock();
        try {
            int edges = byId.values().stream().mapToInt(e -> e.following.size()).sum();
            return Map.of("profiles", byId.size(), "follows", edges);
        } finally {
            lock.unlock();
        }
    }

    private Entry ensure(String id, String username) {
        Entry e = byId.get(id);
        if (e == null) {
            upsert(id, username);
            e = byId.get(id);
        }
        return e;
    }

    /** Removes one edge if it is still the live one; true when it was. */
    private boolean unlink(Follow f) {
        Entry from = byId.get(f.from);
        if (from == null || !from.following.remove(f.to, f)) {
            return false;
        }
        Entry to = byId.get(f.to);
        if (to != null) {
            to.followers.remove(f.from);
        }
        return true;
    }

    /** Drops every edge of a profile that leaves. */
    private void forget(Entry gone) {
        idByUsername.remove(gone.username, gone.id);
        for (String to : gone.following.keySet()) {
            Entry t = byId.get(to);
            if (t != null) {
                t.followers.remove(gone.id);
            }
        }
        for (String from : gone.followers) {
            Entry f = byId.get(from);
            if (f != null) {
                f.following.remove(gone.id);
            }
        }
    }
}
