package dev.loadgen.behavior;

import java.util.List;

/** Where a placeholder's value comes from; {@code null} when it has none now (an empty list is a value: nothing). */
interface Source {
    Object value(ActionRun run);

    /** Adds the names of the variables read. */
    default void variables(List<String> out) {}

    /** A variable of the user. */
    record Var(Variables.Var var) implements Source {
        @Override
        public Object value(ActionRun run) {
            return run.user().get(var.slot());
        }

        @Override
        public void variables(List<String> out) {
            out.add(var.name());
        }
    }

    /** A value fixed when the scenario is compiled (an environment variable). */
    record Fixed(String text) implements Source {
        @Override
        public Object value(ActionRun run) {
            return text;
        }
    }
}
