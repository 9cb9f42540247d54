package dev.loadgen.user;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A behaviour with every built-in action name that does nothing but remember who did what. */
final class FakeBehavior implements Behavior {
    static final List<String> IDS = List.of("auth.me", "auth.refresh", "users.view", "users.search", "users.follow",
            "users.unfollow", "users.following", "users.update", "posts.feed", "posts.read", "posts.list", "posts.create",
            "posts.edit", "posts.delete", "posts.like", "posts.comment", "posts.comments", "chat.rooms", "chat.history", "chat.talk");

    final Map<Long, List<String>> done = new ConcurrentHashMap<>();
    private final List<Action> actions = new ArrayList<>();

    FakeBehavior() {
        for (String id : IDS) {
            actions.add(new Action(id));
        }
    }

    Catalogue catalogue() {
        return Catalogue.of(List.of(this));
    }

    @Override
    public List<Action> actions() {
        return actions;
    }

    @Override
    public void perform(Action action, UserState session) {
        done.computeIfAbsent(session.number(), k -> new ArrayList<>()).add(action.id());
    }
}
