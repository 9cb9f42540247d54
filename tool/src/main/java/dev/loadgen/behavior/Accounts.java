package dev.loadgen.behavior;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;

/**
 * User names and the pre-registered account pool. Names carry a tag drawn from the run's seed, so two
 * runs against the same long-lived target rarely collide; when they do, registration retries with a suffix.
 */
public final class Accounts {
    private static volatile String runTag = "run";

    private Accounts() {}

    /** Sets the run's tag from its random generator (letters and digits, 6 characters). */
    public static void tagRun(RandomGenerator rng) {
        runTag = Long.toString(Math.abs(rng.nextLong()) % 2_176_782_336L, 36);
    }

    static String username(UserSession s, int attempt) {
        String base = "lg_" + runTag + "_" + s.number();
        return attempt == 0 ? base : base + "_" + Long.toString(Math.abs(s.rng().nextLong()) % 46_656, 36);
    }

    /** Users take their own sign-up. */
    public static AuthBehavior.AccountSource selfRegistered() {
        return s -> Optional.empty();
    }

    /**
     * Registers {@code size} accounts before the run (in parallel, on virtual threads) and deals them out
     * round-robin by user number. Fails with a one-line reason if fewer than half could be registered.
     */
    public static AuthBehavior.AccountSource pool(AuthBehavior auth, int size, RandomGenerator.SplittableGenerator seed) throws InterruptedException {
        List<UserSession.Account> accounts = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<UserSession.Account>>> futures = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                UserSession s = new UserSession(-(i + 1), seed.split(), "pool");
                futures.add(ex.submit(() -> auth.register(s) ? s.account() : Optional.<UserSession.Account>empty()));
            }
            for (Future<Optional<UserSession.Account>> f : futures) {
                try {
                    f.get().ifPresent(accounts::add);
                } catch (java.util.concurrent.ExecutionException e) {
                    // counted as a failed registration
                }
            }
        }
        if (accounts.size() < (size + 1) / 2) {
            throw new IllegalStateException("only " + accounts.size() + " of " + size
                    + " pool accounts could be registered; check the auth service (see the summary's errors)");
        }
        List<UserSession.Account> pool = List.copyOf(accounts);
        return s -> Optional.of(pool.get((int) (Math.abs(s.number()) % pool.size())));
    }
}
