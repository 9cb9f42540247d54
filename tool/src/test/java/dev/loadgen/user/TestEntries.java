package dev.loadgen.user;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserState;
import java.util.List;

final class TestEntries {
    private static final Behavior NOTHING = new Behavior() {
        @Override
        public List<Action> actions() {
            return List.of();
        }

        @Override
        public void perform(Action action, UserState session) {}
    };

    private TestEntries() {}

    static Catalogue.Entry entry(String id) {
        return new Catalogue.Entry(new Action(id), NOTHING);
    }
}
