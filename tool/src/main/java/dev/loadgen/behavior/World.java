package dev.loadgen.behavior;

import dev.loadgen.config.Population;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;

/**
 * What the simulated users share: the accounts and posts created during the run, so that one user's post
 * is what another reads, likes and comments on; who follows whom, so that popular users become more
 * popular; and the chat rooms, some busy and some quiet. Bounded rings: the newest entries replace the
 * oldest, as a timeline does.
 */
public final class World {
    private final Ring users = new Ring(20_000);
    private final Ring usernames = new Ring(20_000);
    private final Ring posts = new Ring(20_000);
    private final Ring followed = new Ring(50_000);
    private final String[] rooms;
    private final double[] roomCumulative;
    private final double followPopular;
    private final Population.WorldSpec spec;

    public World(Population.WorldSpec spec) {
        this.spec = spec;
        rooms = new String[spec.rooms()];
        roomCumulative = new double[spec.rooms()];
        double sum = 0;
        for (int k = 1; k <= spec.rooms(); k++) {
            rooms[k - 1] = "room-" + k;
            sum += 1 / Math.pow(k, spec.roomSkew());
            roomCumulative[k - 1] = sum;
        }
        followPopular = spec.followPopular();
    }

    Population.WorldSpec spec() {
        return spec;
    }

    void userJoined(String id, String username) {
        users.add(id);
        usernames.add(username);
    }

    void postCreated(String id) {
        posts.add(id);
    }

    void followed(String id) {
        followed.add(id);
    }

    Optional<String> someUser(RandomGenerator rng) {
        return users.pick(rng);
    }

    /**
     * Someone to follow, by preferential attachment: with probability {@code follow-popular}, the target of
     * an earlier follow picked at random (so a user is picked in proportion to the follows it already has,
     * as in the Barabási-Albert model); otherwise any user, so newcomers get their first followers too.
     */
    Optional<String> someoneToFollow(RandomGenerator rng) {
        if (rng.nextDouble() < followPopular) {
            Optional<String> popular = followed.pick(rng);
            if (popular.isPresent()) {
                return popular;
            }
        }
        return users.pick(rng);
    }

    Optional<String> someUsername(RandomGenerator rng) {
        return usernames.pick(rng);
    }

    Optional<String> somePost(RandomGenerator rng) {
        return posts.pick(rng);
    }

    /** A chat room by Zipf popularity: room k with probability proportional to 1/k^skew. */
    String someRoom(RandomGenerator rng) {
        double u = rng.nextDouble() * roomCumulative[roomCumulative.length - 1];
        int lo = 0;
        int hi = roomCumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (roomCumulative[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return rooms[lo];
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

        Optional<String> pick(RandomGenerator rng) {
            long n = Math.min(next.get(), slots.length());
            if (n == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(slots.get(rng.nextInt((int) n)));
        }
    }
}
