package dev.loadgen.behavior;

import dev.loadgen.config.ScenarioSpec;

/**
 * One compiled step of an action. Running it returns what the action does next: go on, end quietly, or
 * do another action instead of the rest. A step that needs a value nobody set throws
 * {@link Template.Missing}: the action counts it as skipped and goes on with the next step.
 */
interface Step {
    Next run(ActionRun run) throws InterruptedException;

    /** What the action does after a step. */
    sealed interface Next {
        Next GO_ON = new GoOn();
        Next END = new End();

        record GoOn() implements Next {}

        /** The action ends here (nothing to pick, a socket waiting to reconnect, a login that failed). */
        record End() implements Next {}

        /** The rest of the action is replaced by another action. */
        record Instead(String action) implements Next {}
    }

    /** A step with a guard and a repeat count around it. */
    record Guarded(Step inner, Condition[] when, ScenarioSpec.Repeat repeat) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            for (Condition c : when) {
                if (!c.holds(run)) {
                    return Next.GO_ON;
                }
            }
            int times = repeat == null ? 1 : repeat.min() + run.user().rng().nextInt(repeat.max() - repeat.min() + 1);
            for (int i = 0; i < times; i++) {
                Next n = inner.run(run);
                if (n != Next.GO_ON) {
                    return n;
                }
            }
            return Next.GO_ON;
        }
    }

    /** Steps run in order, as one (under one guard or repeat). */
    record Group(Step[] steps, String[] names) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            for (int i = 0; i < steps.length; i++) {
                Next n = run.step(steps[i], names[i]);
                if (n != Next.GO_ON) {
                    return n;
                }
            }
            return Next.GO_ON;
        }
    }
}
