package dev.loadgen.behavior;

import dev.loadgen.config.ScenarioSpec.PickOrder;
import dev.loadgen.config.ScenarioSpec.StepSpec.Collect;
import dev.loadgen.config.Population;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The steps that send nothing: pauses, reading and typing, and the user's own values and lists. */
final class LocalSteps {
    private LocalSteps() {}

    /** A pause inside an action, drawn from a distribution; cut short when the user is asked to stop. */
    record Pause(Population.ThinkSpec think) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            long ended = run.user().pacer().pause(think);
            if (ended < 0) {
                return Next.END;
            }
            // the next request is due when the pause ended: not at a time scheduled before it (the action's start), whose
            // lag would count the pause, nor when the user was woken, which may be late
            run.user().scheduleNext(ended);
            return Next.GO_ON;
        }
    }

    /** The user reads a text: the time its words take at the persona's speed is added to the next pause. */
    record Read(Template text) implements Step {
        @Override
        public Next run(ActionRun run) {
            run.user().pacer().read(Pacer.words(text.fill(run)));
            return Next.GO_ON;
        }
    }

    /**
     * The user types a text (waiting the time it takes at the persona's speed) into a variable; the next request
     * is then due when the typing ended, so typing is never counted as latency.
     */
    record Type(Template text, Variables.Var into) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            String t = text.fill(run);
            long ready = run.user().pacer().compose(t.length());
            if (ready < 0) {
                return Next.END;
            }
            run.user().scheduleNext(ready);
            run.set(into, t);
            return Next.GO_ON;
        }
    }

    /** Sets variables; a list takes the items of its value, at most its bound. */
    record Assign(Variables.Var[] vars, Template[] values) implements Step {
        @Override
        public Next run(ActionRun run) {
            Object[] computed = new Object[vars.length];
            for (int i = 0; i < vars.length; i++) {
                computed[i] = values[i].value(run);
            }
            for (int i = 0; i < vars.length; i++) {
                run.set(vars[i], computed[i]);
            }
            return Next.GO_ON;
        }
    }

    /** {@code remember} into a user's list, {@code forget} from it, or {@code publish} to a shared pool. */
    record Gather(Collect.Kind kind, Variables.Var[] lists, Pools.Pool[] pools, Template[] values) implements Step {
        @Override
        public Next run(ActionRun run) {
            for (int i = 0; i < values.length; i++) {
                Collection<?> items = Scalars.items(values[i].value(run));
                switch (kind) {
                    case REMEMBER -> items.forEach(run.list(lists[i])::remember);
                    case FORGET -> items.forEach(run.list(lists[i])::remove);
                    case PUBLISH -> items.forEach(pools[i]::add);
                }
            }
            return Next.GO_ON;
        }
    }

    /** Another action instead of the rest of this one. */
    record Instead(String action) implements Step {
        @Override
        public Next run(ActionRun run) {
            return new Next.Instead(action);
        }
    }

    /** Where a pick draws from: a shared pool, a user's list, or the groups a socket has joined. */
    sealed interface From {
        String name();

        /** The candidates' count now (0: empty). */
        int size(ActionRun run);

        Object draw(ActionRun run, PickOrder by, Zipf zipf);

        /** Takes the value out (a user's list only). */
        default void remove(ActionRun run, Object v) {}

        record Pool(Pools.Pool pool) implements From {
            @Override
            public String name() {
                return pool.name();
            }

            @Override
            public int size(ActionRun run) {
                return pool.size();
            }

            @Override
            public Object draw(ActionRun run, PickOrder by, Zipf zipf) {
                RandomGenerator rng = run.user().rng();
                return switch (by) {
                    case UNIFORM -> pool.uniform(rng);
                    case NEWEST -> pool.newest(0);
                    case OLDEST -> pool.oldest();
                    case ZIPF -> pool.rank(zipf.rank(pool.size(), rng));
                };
            }
        }

        record Items(Variables.Var var, int socket) implements From {
            @Override
            public String name() {
                return var != null ? var.name() : "groups";
            }

            private List<?> items(ActionRun run) {
                Object v = var != null ? run.get(var) : run.groups(socket);
                return v instanceof List<?> l ? l : v instanceof Collection<?> c ? new ArrayList<>(c) : v == null ? List.of() : List.of(v);
            }

            @Override
            public int size(ActionRun run) {
                Object v = var != null ? run.get(var) : run.groups(socket);
                return v instanceof Collection<?> c ? c.size() : v == null ? 0 : 1;
            }

            @Override
            public Object draw(ActionRun run, PickOrder by, Zipf zipf) {
                List<?> items = items(run);
                if (items.isEmpty()) {
                    return null;
                }
                int n = items.size();
                return switch (by) {
                    case UNIFORM -> items.get(run.user().rng().nextInt(n));
                    case NEWEST -> items.get(n - 1);
                    case OLDEST -> items.getFirst();
                    case ZIPF -> items.get(n - 1 - zipf.rank(n, run.user().rng()));
                };
            }

            @Override
            public void remove(ActionRun run, Object v) {
                if (var != null && run.get(var) instanceof Collection<?> c) {
                    c.remove(v);
                }
            }
        }
    }

    /**
     * Picks a value into a variable: the source drawn by weight among those not empty, then a value of it;
     * {@code not} is a value to avoid (a user does not follow itself). When there is nothing to pick, {@code or}
     * gives a value, {@code otherwise} an action to do instead; without either the action ends, counted.
     */
    record Pick(String name, Variables.Var into, From[] from, double[] weights, PickOrder by, Zipf zipf, Optional<Template> not,
                boolean remove, Optional<Template> or, Optional<String> otherwise) implements Step {
        @Override
        public Next run(ActionRun run) {
            Object avoid = not.map(t -> {
                try {
                    return t.value(run);
                } catch (Template.Missing m) {
                    return null;
                }
            }).orElse(null);
            Object v = null;
            for (int attempt = 0; attempt < 3 && v == null; attempt++) {
                From f = choose(run);
                if (f == null) {
                    break;
                }
                Object drawn = f.draw(run, by, zipf);
                if (drawn != null && !avoided(drawn, avoid)) {
                    v = drawn;
                    if (remove) {
                        f.remove(run, drawn);
                    }
                }
            }
            if (v == null && or.isPresent()) {
                v = or.get().value(run);
            }
            if (v != null) {
                run.set(into, v);
                return Next.GO_ON;
            }
            if (otherwise.isPresent()) {
                return new Next.Instead(otherwise.get());
            }
            run.skip(name, "nothing to pick for " + into.name());
            return Next.END;
        }

        /** {@code not} names a value, or a list of them (a user's own posts: someone else's is wanted). */
        private static boolean avoided(Object drawn, Object avoid) {
            if (avoid == null) {
                return false;
            }
            String d = Scalars.text(drawn);
            for (Object a : Scalars.items(avoid)) {
                if (d.equals(Scalars.text(a))) {
                    return true;
                }
            }
            return false;
        }

        private From choose(ActionRun run) {
            double total = 0;
            for (int i = 0; i < from.length; i++) {
                total += from[i].size(run) > 0 ? weights[i] : 0;
            }
            if (total == 0) {
                return null;
            }
            double u = run.user().rng().nextDouble() * total;
            for (int i = 0; i < from.length; i++) {
                if (from[i].size(run) > 0) {
                    u -= weights[i];
                    if (u < 0) {
                        return from[i];
                    }
                }
            }
            return null;
        }
    }

    /**
     * Zipf ranks: rank k (from 0) with probability proportional to 1/(k+1)^skew. Exact (a cumulative table) up
     * to {@value #EXACT} values; beyond, the continuous power law's inverse, within a rank of the exact one.
     */
    record Zipf(double skew, double[] cumulative) {
        static final int EXACT = 4096;

        static Zipf of(double skew) {
            double[] c = new double[EXACT];
            double sum = 0;
            for (int k = 0; k < EXACT; k++) {
                sum += 1 / Math.pow(k + 1, skew);
                c[k] = sum;
            }
            return new Zipf(skew, c);
        }

        int rank(int n, RandomGenerator rng) {
            if (n <= 1) {
                return 0;
            }
            if (n <= EXACT) {
                return Weights.draw(cumulative, n, rng);
            }
            double u = rng.nextDouble();
            double x = Math.abs(skew - 1) < 1e-9 ? Math.pow(n + 1.0, u) : Math.pow(u * (Math.pow(n + 1.0, 1 - skew) - 1) + 1, 1 / (1 - skew));
            return (int) Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
        }
    }
}
