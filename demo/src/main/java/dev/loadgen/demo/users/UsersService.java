package dev.loadgen.demo.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.demo.shared.ApiException;
import dev.loadgen.demo.shared.Exchange;
import dev.loadgen.demo.shared.Json;
import dev.loadgen.demo.shared.Limits;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.Principal;
import dev.loadgen.demo.shared.Reply;
import dev.loadgen.demo.shared.Router;
import java.util.Map;
import java.util.Optional;

/**
 * The users routes (DESIGN.md §5) and the internal route auth calls at registration. The
 * internal route is not part of the public contract; it needs an access token of the user it
 * creates, so only a holder of the JWT secret (auth) can make profiles.
 */
public final class UsersService {
    private final Profiles profiles;

    public UsersService(Plumbing plumbing, UsersConfig config) {
        plumbing.requireTokens();
        this.profiles = new Profiles(config, plumbing.metrics());
    }

    public Router routes() {
        return new Router()
                .get("/users", this::search)
                .get("/users/{id}", this::profile)
                .put("/users/me", this::updateMe)
                .post("/users/{id}/follow", this::follow)
                .delete("/users/{id}/follow", this::unfollow)
                .get("/users/{id}/following", this::following)
                .put("/internal/users/{id}", this::createProfile);
    }

    /** Sizes of the bounded stores, for the storage tests. */
    public Map<String, Integer> storeSizes() {
        return profiles.sizes();
    }

    private Reply profile(Exchange ex) {
        return Reply.ok(profiles.find(ex.param("id")).orElseThrow(() -> ApiException.notFound("user not found")));
    }

    private Reply updateMe(Exchange ex) throws Exception {
        Principal me = ex.principal();
        ObjectNode body = ex.jsonBody();
        Optional<String> displayName = Json.optionalString(body, "displayName")
                .map(v -> Limits.text("displayName", v, 0, Limits.DISPLAY_NAME_MAX));
        Optional<String> bio = Json.optionalString(body, "bio").map(v -> Limits.text("bio", v, 0, Limits.BIO_MAX));
        return Reply.ok(profiles.update(me.userId(), me.username(), displayName, bio));
    }

    private Reply follow(Exchange ex) {
        Principal me = ex.principal();
        String target = notMe(me, ex.param("id"));
        if (profiles.follow(me.userId(), me.username(), target) == Profiles.FollowResult.NO_TARGET) {
            throw ApiException.notFound("user not found");
        }
        return Reply.noContent();
    }

    private Reply unfollow(Exchange ex) {
        Principal me = ex.principal();
        String target = notMe(me, ex.param("id"));
        if (profiles.unfollow(me.userId(), target) == Profiles.FollowResult.NO_TARGET) {
            throw ApiException.notFound("user not found");
        }
        return Reply.noContent();
    }

    private static String notMe(Principal me, String target) {
        if (target.equals(me.userId())) {
            throw ApiException.badRequest("id: you cannot follow yourself");
        }
        return target;
    }

    private Reply following(Exchange ex) {
        return Reply.ok(profiles.following(ex.param("id")).orElseThrow(() -> ApiException.notFound("user not found")));
    }

    private Reply search(Exchange ex) {
        String q = ex.query("q").orElseThrow(() -> ApiException.badRequest("q: a username prefix of 1-32 characters is required"));
        Limits.text("q", q, 1, 32);
        int limit = Limits.intParam("limit", ex.query("limit"), 20, 1, 100);
        return Reply.ok(profiles.search(q, limit));
    }

    private Reply createProfile(Exchange ex) throws Exception {
        Principal caller = ex.principal();
        String id = ex.param("id");
        String username = Limits.username(Json.requiredString(ex.jsonBody(), "username"));
        if (!caller.userId().equals(id) || !caller.username().equals(username)) {
            throw ApiException.forbidden("token does not match this user");
        }
        boolean created = profiles.upsert(id, username);
        Profile p = profiles.find(id).orElseThrow(() -> new IllegalStateException("profile vanished"));
        return Reply.json(created ? 201 : 200, p);
    }
}
