package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.config.Population;
import dev.loadgen.protocol.HttpReply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Logging in, as the scenario's {@code auth} section describes it, for any API: where a user's account comes
 * from (its own sign-up, a pool signed up before the run, or a data file through the account's templates),
 * which action logs in and which variable then holds the token, how authenticated steps carry it (headers; a
 * cookie session needs nothing), when to refresh it (before the expiry the login gave, or the token's own
 * JWT {@code exp}), logging in again on a 401, and logging out when a session ends.
 */
final class Auth {
    /** A user's login: whether it has an account, whether it is logged in, and until when (on the run's clock; 0: no expiry known). */
    static final class State {
        boolean hasAccount;
        boolean loggedIn;
        long expiresAtNanos;
    }

    /** The compiled {@code auth} section (absent when the scenario has none, or users have no accounts). */
    record Plan(Variables.Var[] account, Template[] accountValues, Optional<String> register, String login, Optional<Variables.Var> token,
                Template[] headers, Optional<Variables.Var> expiresIn, boolean jwtExpiry, Optional<String> refresh, long refreshBeforeNanos,
                Optional<String> logout, int[] reloginOn, Population.AccountMode mode, int poolSize, int[] accountSlots) {}

    private final ScenarioRuntime runtime;
    /** Null when users do not log in. */
    private final Plan plan;
    private volatile List<Object[]> pool = List.of();

    Auth(ScenarioRuntime runtime, Optional<Plan> plan) {
        this.runtime = runtime;
        this.plan = plan.orElse(null);
    }

    boolean enabled() {
        return plan != null;
    }

    /** Makes sure the user is logged in, with a token that is not about to expire: false when that failed (already recorded). */
    boolean ensureLoggedIn(ActionRun run) throws InterruptedException {
        if (plan == null) {
            return true;
        }
        UserState user = run.user();
        State st = user.auth;
        long now = user.clock().nanoTime();
        if (st.loggedIn && (st.expiresAtNanos == 0 || now + plan.refreshBeforeNanos() < st.expiresAtNanos)) {
            return true;
        }
        if (st.loggedIn && plan.refresh().isPresent() && runtime.runAuthAction(plan.refresh().get(), user) && tokenHeld(user)) {
            st.expiresAtNanos = expiry(user);
            return true;
        }
        loggedOut(user);
        if (!st.hasAccount && !account(user)) {
            return false;
        }
        if (!runtime.runAuthAction(plan.login(), user) || !tokenHeld(user)) {
            return false;
        }
        st.loggedIn = true;
        st.expiresAtNanos = expiry(user);
        return true;
    }

    private boolean tokenHeld(UserState user) {
        if (plan.token().isEmpty() || user.get(plan.token().get().slot()) != null) {
            return true;
        }
        runtime.services().warnOnce("auth token", "auth: the login action left " + plan.token().get().name()
                + " unset; check its capture against the login response (loadgen try shows it)");
        return false;
    }

    /** The user's account: from the pool, or its own (the account's values, then its sign-up when the scenario has one). */
    private boolean account(UserState user) throws InterruptedException {
        if (plan.mode() == Population.AccountMode.POOL && !pool.isEmpty()) {
            user.takeValues(pool.get((int) ((user.number() - 1) % pool.size())), plan.accountSlots());
            user.auth.hasAccount = true;
            return true;
        }
        ActionRun run = new ActionRun(runtime, user, "auth", true);
        for (int i = 0; i < plan.account().length; i++) {
            run.set(plan.account()[i], plan.accountValues()[i].value(run));
        }
        if (plan.register().isPresent() && !runtime.runAuthAction(plan.register().get(), user)) {
            return false;
        }
        user.auth.hasAccount = true;
        return true;
    }

    /**
     * {@code users.account: pool}: signs {@code pool-size} accounts up before the run (in parallel, on virtual
     * threads), each a user numbered -1, -2..., whose values users then take round-robin by number.
     *
     * @return how many could be signed up
     */
    int registerPool(java.util.random.RandomGenerator.SplittableGenerator seed) throws InterruptedException {
        if (plan == null || plan.mode() != Population.AccountMode.POOL) {
            return 0;
        }
        List<Object[]> accounts = new ArrayList<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object[]>> futures = new ArrayList<>();
            for (int i = 0; i < plan.poolSize(); i++) {
                UserState u = runtime.newUser(-(i + 1), seed.split(), "pool");
                futures.add(ex.submit(() -> {
                    u.auth.hasAccount = false;
                    return account(u) ? u.copyValues() : null;
                }));
            }
            for (Future<Object[]> f : futures) {
                try {
                    Object[] values = f.get();
                    if (values != null) {
                        accounts.add(values);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof Template.Missing m)) {
                        throw new IllegalStateException("signing the account pool up failed: " + e.getCause(), e.getCause());
                    }
                    // an account value that needs a value nobody has (a data file with no row left): counted, as a step's
                    runtime.services().metrics().skips().skipped("account pool: ${" + m.expression() + "} is not set");
                }
            }
        }
        pool = List.copyOf(accounts);
        return accounts.size();
    }

    /** The accounts the pool is to have; 0 when users take no pool. */
    int poolSize() {
        return plan == null || plan.mode() != Population.AccountMode.POOL ? 0 : plan.poolSize();
    }

    /** The headers an authenticated step carries. */
    String[] headers(ActionRun run) {
        if (plan == null || plan.headers().length == 0 || !run.user().auth.loggedIn && !run.inAuthAction()) {
            return dev.loadgen.protocol.HttpCall.NO_HEADERS;
        }
        String[] h = new String[plan.headers().length];
        for (int i = 0; i < h.length; i++) {
            h[i] = plan.headers()[i].fill(run);
        }
        return h;
    }

    /** A request to send again: the same call, rebuilt with the login's headers of the moment. */
    interface Send {
        HttpReply send() throws InterruptedException;
    }

    /**
     * Sends an authenticated request; a status that means the login is gone ({@code relogin-on}) logs the user
     * in again and sends it once more.
     */
    HttpReply sendLoggedIn(ActionRun run, Send send) throws InterruptedException {
        HttpReply reply = send.send();
        if (reloginOn(reply.status())) {
            loggedOut(run.user());
            if (ensureLoggedIn(run)) {
                reply = send.send();
            }
        }
        return reply;
    }

    private boolean reloginOn(int status) {
        if (plan == null) {
            return false;
        }
        for (int s : plan.reloginOn()) {
            if (s == status) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the login (the token, and with it its expiry): the next authenticated step logs in again. */
    void loggedOut(UserState user) {
        user.auth.loggedIn = false;
        user.auth.expiresAtNanos = 0;
        if (plan != null) {
            plan.token().ifPresent(t -> user.set(t.slot(), null));
        }
    }

    /** The end of a session: a graceful one logs out (the scenario's logout action), any one forgets the login. */
    void endSession(UserState user, boolean graceful) throws InterruptedException {
        if (plan != null && graceful && user.auth.loggedIn && plan.logout().isPresent()) {
            runtime.runAuthAction(plan.logout().get(), user);
        }
        loggedOut(user);
    }

    /** When the token expires, on the run's clock: from the captured seconds, or the JWT's own {@code exp}; 0 when unknown. */
    private long expiry(UserState user) {
        long now = user.clock().nanoTime();
        if (plan.expiresIn().isPresent()) {
            Object v = user.get(plan.expiresIn().get().slot());
            if (v != null) {
                try {
                    return now + (long) (Double.parseDouble(Scalars.text(v)) * 1e9);
                } catch (NumberFormatException e) {
                    runtime.services().warnOnce("auth expires-in", "auth: " + plan.expiresIn().get().name() + " is '" + Scalars.text(v)
                            + "', not a number of seconds; the token is refreshed only after a " + List.of(plan.reloginOn()) + " then");
                }
            }
        }
        if (plan.jwtExpiry() && plan.token().isPresent() && user.get(plan.token().get().slot()) != null) {
            Optional<Long> exp = jwtExp(Scalars.text(user.get(plan.token().get().slot())));
            if (exp.isPresent()) {
                return now + (exp.get() - Instant.now().getEpochSecond()) * 1_000_000_000L;
            }
        }
        return 0;
    }

    /** The {@code exp} claim of a JWT (seconds since the epoch), read without checking the signature. */
    static Optional<Long> jwtExp(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JsonPaths.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").isNumber() ? Optional.of(claims.path("exp").asLong()) : Optional.empty();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}
