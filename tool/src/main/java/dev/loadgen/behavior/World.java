package dev.loadgen.behavior;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * What the simulated users share: the accounts and posts they have created during the run, so that one
 * user's post is what another reads, likes and comments on, and the chat rooms. Bounded rings: the
 * newest entries replace the oldest, as a timeline does.
 */
public final class World {
    private static final String[] ROOMS = {"lobby", "general", "random", "dev", "ops", "music", "games", "news"};

    private final Ring users = new Ring(20_000);
    private final Ring usernames = new Ring(20_000);
    private final Ring posts = new Ring(20_000);

    void userJoined(String id, String username) {
        users.add(id);
        usernames.add(username);
    }

    void postCreated(String id) {
        posts.add(id);
    }

    Optional<String> someUser(RandomGenerator rng) {
        return users.pick(rng);
    }

    Optional<String> someUsername(RandomGenerator rng) {
        return usernames.pick(rng);
    }

    Optional<String> somePost(RandomGenerator rng) {
        return posts.pick(rng);
    }

    String someRoom(RandomGenerator rng) {
        return ROOMS[rng.nextInt(ROOMS.length)];
    }

    long postsCreated() {
        return posts.added();
    }

    /** A lock-free ring of recent ids; readers may see a slot being replaced, which is harmless here. */
    private static final class Ring {
        private final AtomicReferenceArray<String> slots;
        private final AtomicLong next = new AtomicLong();

        Ring(int size) {
            slots = new AtomicReferenceArray<>(size);
        }

        void add(String id) {
            slots.set((int) (next.getAndIncrement() % slots.length()), id);
        }

        long added() {
            return next.get();
        }

        Optional<String> pick(RandomGenerator rng) {
            long n = Math.min(next.get(), slots.length());
            if (n == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(slots.get(rng.nextInt((int) n)));
        }
    }
}
