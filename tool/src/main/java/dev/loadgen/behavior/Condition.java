package dev.loadgen.behavior;

/** A compiled guard of a step. */
interface Condition {
    boolean holds(ActionRun run);

    /** The value is set (a list: not empty); negated, it is not. */
    record IsSet(Source source, boolean negated) implements Condition {
        @Override
        public boolean holds(ActionRun run) {
            Object v = source.value(run);
            return (v != null && !(v instanceof java.util.Collection<?> c && c.isEmpty())) != negated;
        }
    }

    /** The action's last response had one of these statuses. */
    record Status(int[] statuses) implements Condition {
        @Override
        public boolean holds(ActionRun run) {
            int last = run.lastStatus();
            for (int s : statuses) {
                if (s == last) {
                    return true;
                }
            }
            return false;
        }
    }

    /** With this probability, from the user's generator. */
    record Chance(double probability) implements Condition {
        @Override
        public boolean holds(ActionRun run) {
            return run.user().rng().nextDouble() < probability;
        }
    }
}
