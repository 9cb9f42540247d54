package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.protocol.HttpReply;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth service: sign up, log in, refresh the access token before it expires (the refresh token
 * rotates), who-am-I, log out. Other behaviours call {@link #ensureLoggedIn} before authenticated calls.
 */
public final class AuthBehavior extends ServiceBehavior {
    static final Action ME = new Action("auth", "me", 2);
    static final Action REFRESH = new Action("auth", "refresh", 0.5);
    private static final long REFRESH_MARGIN_NANOS = 10_000_000_000L;

    private final Route register;
    private final Route login;
    private final Route refresh;
    private final Route logout;
    private final Route me;
    private volatile AccountSource accounts;

    /** Where a user's account comes from: its own sign-up, or a pool registered before the run. */
    public interface AccountSource {
        Optional<UserSession.Account> accountFor(UserSession s);
    }

    AuthBehavior(Services services, AccountSource accounts) {
        super(services);
        this.accounts = accounts;
        register = services.route("auth", "auth.register", "POST", "/auth/register");
        login = services.route("auth", "auth.login", "POST", "/auth/login");
        refresh = services.route("auth", "auth.refresh", "POST", "/auth/refresh");
        logout = services.route("auth", "auth.logout", "POST", "/auth/logout");
        me = services.route("auth", "auth.me", "GET", "/auth/me");
    }

    @Override
    AuthBehavior auth() {
        return this;
    }

    /** Switches to another source of accounts (the pool, once registered). */
    void useAccounts(AccountSource source) {
        accounts = source;
    }

    @Override
    public List<Action> actions() {
        return List.of(ME, REFRESH);
    }

    @Override
    public void perform(Action action, UserSession s) throws InterruptedException {
        if (action.equals(ME)) {
            HttpReply r = send(s, me, path(), null, true, OK);
            services.parse(me, r.body()).map(n -> n.path("userId").asText(null)).ifPresent(id -> {
                if (s.userId().isEmpty()) {
                    s.userId(id);
                }
            });
        } else if (action.equals(REFRESH)) {
            if (ensureLoggedIn(s)) {
                refresh(s);
            }
        }
    }

    @Override
    public void endSession(UserSession s, boolean graceful) throws InterruptedException {
        if (graceful && s.loggedIn()) {
            send(s, logout, path(), null, true, OK);
        }
        s.loggedOut();
    }

    /**
     * Makes sure the user holds a valid access token: signs up if it has no account yet, logs in if it
     * holds no token, refreshes one about to expire. False when that failed (already recorded).
     */
    boolean ensureLoggedIn(UserSession s) throws InterruptedException {
        if (s.loggedIn() && !s.tokenExpiringWithin(REFRESH_MARGIN_NANOS)) {
            return true;
        }
        if (s.loggedIn() && refresh(s)) {
            return true;
        }
        if (s.account().isEmpty()) {
            Optional<UserSession.Account> pooled = accounts.accountFor(s);
            if (pooled.isPresent()) {
                s.account(pooled.get());
            } else if (!register(s)) {
                return false;
            }
        }
        return login(s);
    }

    /** Signs a new account up; a taken name (409) gets a fresh suffix and one more try. */
    boolean register(UserSession s) throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            String name = Accounts.username(s, attempt);
            UserSession.Account a = new UserSession.Account(name, Texts.password(s.rng()), name + "@example.test");
            HttpReply r = send(s, register, path(), Map.of("username", a.username(), "password", a.password(), "email", a.email()),
                    false, attempt == 0 ? new int[] {201, 409} : OK);
            if (r.status() == 201) {
                s.account(a);
                services.parse(register, r.body()).map(n -> n.path("userId").asText(null)).ifPresent(id -> {
                    s.userId(id);
                    services.world().userJoined(id, a.username());
                });
                return true;
            }
            if (r.status() != 409) {
                return false;
            }
        }
        return false;
    }

    boolean login(UserSession s) throws InterruptedException {
        UserSession.Account a = s.account().orElseThrow();
        HttpReply r = send(s, login, path(), Map.of("username", a.username(), "password", a.password()), false, OK);
        return r.ok() && takeTokens(s, login, r);
    }

    private boolean refresh(UserSession s) throws InterruptedException {
        Optional<String> token = s.refreshToken();
        if (token.isEmpty()) {
            return false;
        }
        HttpReply r = send(s, refresh, path(), Map.of("refreshToken", token.get()), false, OK);
        if (!r.ok()) {
            s.loggedOut();
            return false;
        }
        return takeTokens(s, refresh, r);
    }

    private boolean takeTokens(UserSession s, Route route, HttpReply r) {
        Optional<JsonNode> n = services.parse(route, r.body());
        String access = n.map(j -> j.path("accessToken").asText(null)).orElse(null);
        String refreshToken = n.map(j -> j.path("refreshToken").asText(null)).orElse(null);
        if (access == null) {
            services.warnOnce("tokens", route.meter() + ": the response has no accessToken; check the auth service against the contract");
            return false;
        }
        s.tokens(access, refreshToken, n.get().path("expiresIn").asLong(900));
        return true;
    }
}
