package dev.loadgen.demo.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.demo.shared.AccessTokens;
import dev.loadgen.demo.shared.ApiException;
import dev.loadgen.demo.shared.Dependency;
import dev.loadgen.demo.shared.Exchange;
import dev.loadgen.demo.shared.Ids;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.Limits;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.Principal;
import dev.loadgen.demo.shared.Reply;
import dev.loadgen.demo.shared.Router;
import dev.loadgen.demo.shared.ServiceClient;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;

/**
 * The auth routes (DESIGN.md §5). Register creates the profile in users through
 * {@code PUT /internal/users/{id}}, authorised by an access token of the new user itself, and
 * keeps the account only if users accepted it: a user without a profile would break the feed.
 */
public final class AuthService {
    private final Plumbing plumbing;
    private final AuthConfig config;
    private final Dependency users;
    private final AccessTokens tokens;
    private final Passwords passwords;
    private final Accounts accounts;
    private final RefreshTokens refresh;
    private final RevokedTokens revoked;

    public AuthService(Plumbing plumbing, AuthConfig config, Dependency users) {
        this.plumbing = plumbing;
        this.config = config;
        this.users = users;
        this.tokens = plumbing.requireTokens();
        this.passwords = new Passwords(config.passwordIterations());
        this.accounts = new Accounts(config.maxAccounts(), plumbing.metrics());
        this.refresh = new RefreshTokens(config.maxRefreshTokens(), config.refreshTokenTtl(), plumbing.clock(),
                plumbing.metrics());
        this.revoked = new RevokedTokens(config.maxRevokedTokens(), plumbing.clock(), plumbing.metrics());
    }

    public Router routes() {
        return new Router()
                .post("/auth/register", this::register)
                .post("/auth/login", this::login)
                .post("/auth/refresh", this::refresh)
                .post("/auth/logout", this::logout)
                .get("/auth/me", this::me)
                .post("/auth/introspect", this::introspect);
    }

    /** Sizes of the bounded stores, for the storage tests. */
    public Map<String, Integer> storeSizes() {
        return Map.of("accounts", accounts.size(), "refresh_tokens", refresh.size(),
                "revoked_tokens", revoked.size());
    }

    private Reply register(Exchange ex) throws Exception {
        ObjectNode body = ex.jsonBody();
        String username = Limits.username(Json.requiredString(body, "username"));
        String password = Limits.password(Json.requiredString(body, "password"));
        String email = Limits.email(Json.requiredString(body, "email"));
        Account account = new Account(Ids.next('u'), username, email, passwords.hash(password));
        if (!accounts.add(account)) {
            throw ApiException.conflict("username: already taken");
        }
        try {
            createProfile(account);
        } catch (ApiException | InterruptedException e) {
            accounts.remove(account);
            throw e;
        }
        return Reply.created(Map.of("userId", account.id(), "username", username));
    }

    private void createProfile(Account account) throws InterruptedException {
        String token = tokens.issue(account.id(), account.username(), config.tokenTtl());
        HttpFields auth = HttpFields.build().add("Authorization", "Bearer " + token);
        byte[] json = Json.bytes(Map.of("username", account.username()));
        ServiceClient.Answer a = plumbing.client().call(users, "PUT", "/internal/users/{id}",
                "/internal/users/" + account.id(), Optional.of(json), auth);
        if (a.status() / 100 != 2) {
            throw new ApiException(502, "users service refused the profile (" + a.status() + ")");
        }
    }

    private Reply login(Exchange ex) throws Exception {
        ObjectNode body = ex.jsonBody();
        String username = Json.requiredString(body, "username");
        String password = Json.requiredString(body, "password");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            passwords.burn(password);
            throw ApiException.unauthorized("invalid username or password");
        }
        if (!passwords.matches(password, account.get().password())) {
            throw ApiException.unauthorized("invalid username or password");
        }
        return Reply.ok(session(account.get()));
    }

    private Reply refresh(Exchange ex) throws Exception {
        String old = Json.requiredString(ex.jsonBody(), "refreshToken");
        Account account = refresh.spend(old).flatMap(accounts::byId)
                .orElseThrow(() -> ApiException.unauthorized("refreshToken: unknown, used or expired"));
        return Reply.ok(session(account));
    }

    private Map<String, Object> session(Account account) {
        String access = tokens.issue(account.id(), account.username(), config.tokenTtl());
        return Map.of("accessToken", access, "refreshToken", refresh.issue(account.id()),
                "expiresIn", config.tokenTtl().toSeconds());
    }

    private Reply logout(Exchange ex) {
        Principal p = activePrincipal(ex);
        revoked.revoke(p.jti(), p.expiresAt());
        refresh.revokeUser(p.userId());
        return Reply.noContent();
    }

    private Reply me(Exchange ex) {
        Principal p = activePrincipal(ex);
        return Reply.ok(Map.of("userId", p.userId(), "username", p.username()));
    }

    private Reply introspect(Exchange ex) throws Exception {
        String token = Json.requiredString(ex.jsonBody(), "token");
        Optional<Principal> p = tokens.verify(token).filter(x -> !revoked.isRevoked(x.jti()));
        return Reply.ok(p.<Map<String, Object>>map(x -> Map.of("active", true, "userId", x.userId()))
                .orElse(Map.of("active", false)));
    }

    /** A valid bearer token that was not logged out. */
    private Principal activePrincipal(Exchange ex) {
        Principal p = ex.principal();
        if (revoked.isRevoked(p.jti())) {
            throw ApiException.unauthorized("token was revoked by logout");
        }
        return p;
    }
}
