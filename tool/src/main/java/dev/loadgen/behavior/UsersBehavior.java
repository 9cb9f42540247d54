package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.protocol.HttpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The users service: view profiles, search, follow and unfollow, see whom one follows, edit one's profile. */
public final class UsersBehavior extends ServiceBehavior {
    static final Action VIEW = new Action("users", "view", 8);
    static final Action SEARCH = new Action("users", "search", 3);
    static final Action FOLLOW = new Action("users", "follow", 3);
    static final Action UNFOLLOW = new Action("users", "unfollow", 1);
    static final Action FOLLOWING = new Action("users", "following", 2);
    static final Action UPDATE = new Action("users", "update", 1);

    private static final int MAX_REMEMBERED_FOLLOWS = 200;

    private final Route view;
    private final Route update;
    private final Route follow;
    private final Route unfollow;
    private final Route following;
    private final Route search;

    UsersBehavior(Services services) {
        super(services);
        view = services.route("users", "users.view", "GET", "/users/{id}");
        update = services.route("users", "users.update", "PUT", "/users/me");
        follow = services.route("users", "users.follow", "POST", "/users/{id}/follow");
        unfollow = services.route("users", "users.unfollow", "DELETE", "/users/{id}/follow");
        following = services.route("users", "users.following", "GET", "/users/{id}/following");
        search = services.route("users", "users.search", "GET", "/users");
    }

    @Override
    public List<Action> actions() {
        return List.of(VIEW, SEARCH, FOLLOW, UNFOLLOW, FOLLOWING, UPDATE);
    }

    @Override
    public void perform(Action action, UserSession s) throws InterruptedException {
        switch (action.verb()) {
            case "view" -> {
                Optional<String> id = services.world().someUser(s.rng()).or(s::userId);
                if (id.isPresent()) {
                    HttpReply r = get(s, view, path(id.get()), false, OK_OR_GONE);
                    if (r.status() == 200) {
                        services.parse(view, r.body()).ifPresent(p -> s.pacer().read(Pacer.words(p.path("bio").asText(""))));
                    }
                }
            }
            case "search" -> {
                String prefix = services.world().someUsername(s.rng()).map(n -> n.substring(0, Math.min(n.length(), 3 + s.rng().nextInt(4))))
                        .orElse("lg_");
                get(s, search, path(), false, OK, "q", prefix, "limit", "20");
            }
            case "follow" -> followSomeone(s);
            case "unfollow" -> {
                if (s.following().isEmpty()) {
                    followSomeone(s);
                    return;
                }
                List<String> ids = new ArrayList<>(s.following());
                String id = ids.get(s.rng().nextInt(ids.size()));
                HttpReply r = send(s, unfollow, path(id), null, true, OK_OR_GONE);
                if (r.ok()) {
                    s.following().remove(id);
                }
            }
            case "following" -> {
                if (!auth().ensureLoggedIn(s) || s.userId().isEmpty()) {
                    return;
                }
                HttpReply r = get(s, following, path(s.userId().get()), false, OK);
                services.parse(following, r.body()).filter(JsonNode::isArray).ifPresent(arr -> {
                    s.following().clear();
                    arr.forEach(n -> s.following().add(n.asText()));
                });
            }
            case "update" -> {
                String bio = Texts.sentence(s.rng(), 0, 40);
                if (s.compose(bio.length())) {
                    send(s, update, path(), Map.of("displayName", Texts.name(s.rng()), "bio", bio), true, OK);
                }
            }
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private void followSomeone(UserSession s) throws InterruptedException {
        if (!auth().ensureLoggedIn(s)) {
            return;
        }
        Optional<String> id = services.world().someoneToFollow(s.rng()).filter(u -> !u.equals(s.userId().orElse("")));
        if (id.isEmpty()) {
            return;
        }
        HttpReply r = send(s, follow, path(id.get()), null, true, OK_OR_GONE);
        if (r.ok() && r.status() != 404 && s.following().add(id.get())) {
            services.world().followed(id.get());
            if (s.following().size() > MAX_REMEMBERED_FOLLOWS) {
                // the server keeps the follow; the user just stops remembering its oldest ones
                s.following().remove(s.following().iterator().next());
            }
        }
    }
}
