package dev.loadgen.behavior;

import dev.loadgen.config.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each variable of a scenario lives in a user's slots, and how long it lives: for the user (kept
 * across its sessions), for the session (cleared when a new one begins), or for the action that sets it
 * (cleared when the next action begins; the default for a value nobody declared). Lists are bounded. A
 * user holds its values in one array indexed by slot, so reading a variable is an array access.
 */
final class Variables {
    enum Scope { USER, SESSION, ACTION }

    /** A variable: its slot, scope, list bound (0 for a single value), and where it is declared or first set. */
    record Var(String name, int slot, Scope scope, int listMax, Origin origin) {
        boolean isList() {
            return listMax > 0;
        }
    }

    private final Map<String, Var> byName = new LinkedHashMap<>();

    Var declare(String name, Scope scope, int listMax, Origin origin) {
        Var v = byName.get(name);
        if (v != null) {
            if (scope.ordinal() < v.scope().ordinal() || listMax > v.listMax()) {
                // a declaration wins over a value merely set somewhere
                v = new Var(name, v.slot(), scope.ordinal() < v.scope().ordinal() ? scope : v.scope(), Math.max(listMax, v.listMax()), origin);
                byName.put(name, v);
            }
            return v;
        }
        v = new Var(name, byName.size(), scope, listMax, origin);
        byName.put(name, v);
        return v;
    }

    Optional<Var> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    int size() {
        return byName.size();
    }

    Iterable<Var> all() {
        return byName.values();
    }

    /** The slots of the variables that live this long. */
    int[] slots(Scope scope) {
        List<Integer> out = new ArrayList<>();
        byName.values().stream().filter(v -> v.scope() == scope).forEach(v -> out.add(v.slot()));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
