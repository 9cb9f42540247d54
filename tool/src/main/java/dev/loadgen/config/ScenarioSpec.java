package dev.loadgen.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the users do, as the scenario file says it (docs/scenarios.md): named actions made of steps, the
 * variables they keep, the pools users share, data files, WebSockets, and how users authenticate. Text that
 * holds {@code ${...}} templates is kept as written, with where it was written, for the behaviour layer to
 * compile (and to report an unknown variable at its file, line and column).
 */
public record ScenarioSpec(Map<String, ActionSpec> actions, Optional<AuthSpec> auth, Map<String, DataSpec> data,
                           Map<String, PoolSpec> pools, Map<String, SocketSpec> sockets, Map<String, VariableSpec> variables) {
    /** The maps keep the order written: it is the order of the endpoints in the results. */
    public ScenarioSpec {
        actions = ordered(actions);
        data = ordered(data);
        pools = ordered(pools);
        sockets = ordered(sockets);
        variables = ordered(variables);
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
    }

    /**
     * What a scenario's names look like (actions, variables, pools, data, sockets, and the names a template or a
     * condition reads): a letter or '_', then letters, digits, '_', '-' and '.'.
     */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public static final ScenarioSpec EMPTY = new ScenarioSpec(Map.of(), Optional.empty(), Map.of(), Map.of(), Map.of(), Map.of());

    /** A scalar as written: a template, a name or a path, with its place in the file. */
    public record Text(String value, Origin origin) {
        @Override
        public String toString() {
            return value;
        }
    }

    /** A name and a value, both as written (a header, a query parameter, a variable to set). */
    public record Pair(Text name, Text value) {}

    /** An action: its steps, run in order. */
    public record ActionSpec(String name, List<StepSpec> steps, Origin origin) {
        public ActionSpec {
            steps = List.copyOf(steps);
        }
    }

    /** A per-user variable's declaration: a bounded list, and whether a new session clears it. */
    public record VariableSpec(String name, int list, boolean session, Origin origin) {
        public boolean isList() {
            return list > 0;
        }
    }

    /** A pool shared by the users: filled by {@code publish} steps (at most {@code size} values), or fixed values. */
    public record PoolSpec(String name, int size, List<String> values, Origin origin) {
        public PoolSpec {
            values = List.copyOf(values);
        }
    }

    public enum Order { UNIQUE, CIRCULAR, RANDOM }

    /** A data file: CSV with a header row, or a JSON array of objects; rows drawn per user or per session. */
    public record DataSpec(String name, Text file, Order order, boolean perSession, Origin origin) {}

    /**
     * A WebSocket the users open: where, with which headers and query, whether it stays open for the
     * session, the JSON field that names a frame's type, the reconnect backoff, and delivery tracking.
     */
    public record SocketSpec(String name, Text url, Optional<Text> endpoint, List<Pair> headers, List<Pair> query, boolean auth,
                             boolean keepForSession, String typeField, Duration backoffMin, Duration backoffMax,
                             Optional<TrackSpec> track, Origin origin) {}

    /**
     * Following messages to every member of a group (a chat room): the field that carries a message's id
     * and the one naming its group, the incoming frame that makes the user a member, the frame sent to leave
     * each group when a session ends gracefully, and how long a member may wait before the message is lost.
     */
    public record TrackSpec(String idField, String groupField, List<Pair> joined, Optional<ConfigNode> leave, Duration timeout) {}

    /**
     * How users get an account and stay logged in. {@code account} sets user variables once per user;
     * {@code token} names the variable that holds the login (absent: a cookie session, logged in once the
     * login action succeeded); {@code headers} go with every authenticated step.
     */
    public record AuthSpec(List<Pair> account, Optional<Text> register, Text login, Optional<Text> token, List<Pair> headers,
                           Optional<Text> expiresIn, boolean jwtExpiry, Optional<Text> refresh, Duration refreshBefore,
                           Optional<Text> logout, Set<Integer> reloginOn, Origin origin) {}

    /** A step's guard: all of its conditions must hold for the step to run. */
    public sealed interface Condition {
        Origin origin();

        /** The variable is set (a list: not empty); negated, it is not. */
        record IsSet(Text variable, boolean negated) implements Condition {
            @Override
            public Origin origin() {
                return variable.origin();
            }
        }

        /** The last response of the action had one of these statuses. */
        record Status(Set<Integer> statuses, Origin origin) implements Condition {}

        /** With this probability, drawn from the user's generator. */
        record Chance(double probability, Origin origin) implements Condition {}
    }

    /** {@code repeat}: a number drawn uniformly from min to max (inclusive). */
    public record Repeat(int min, int max) {}

    /** What every step may have: a guard and a repeat count. */
    public record Common(List<Condition> when, Optional<Repeat> repeat, Origin origin) {
        public Common {
            when = List.copyOf(when);
        }
    }

    /** A body: a JSON template (the YAML tree), a form, raw text, or a file's content. */
    public sealed interface Body {
        record Json(ConfigNode tree) implements Body {}

        record Form(List<Pair> fields) implements Body {}

        record Raw(Text text, Optional<String> contentType) implements Body {}

        record File(Text path, Optional<String> contentType) implements Body {}
    }

    public enum CaptureFrom { JSON, HEADER, BODY }

    /** A value taken from a response: a JSONPath, a header, or a regular expression over the body (or a header). */
    public record CaptureSpec(Text variable, CaptureFrom from, Text expression, Optional<Text> regex, int group, boolean optional,
                              Origin origin) {}

    public enum CheckKind { STATUS, JSON, BODY_CONTAINS, HEADER, UNDER }

    /**
     * A named check on a response: {@code subject} is the JSONPath, the header name or the text the body must
     * contain; {@code equals} or {@code matches} compare what it finds; {@code exists: false} asks for absence.
     */
    public record CheckSpec(Optional<String> name, CheckKind kind, Optional<Text> subject, Set<Integer> statuses,
                            Optional<Text> equals, Optional<Text> matches, boolean exists, Optional<Duration> under, Origin origin) {}

    /** One step of an action. */
    public sealed interface StepSpec {
        Common common();

        record Request(Common common, Text line, Optional<Text> endpoint, List<Pair> query, List<Pair> headers, Optional<Body> body,
                       boolean auth, boolean login, Set<Integer> expect, List<CaptureSpec> captures, List<CheckSpec> checks)
                implements StepSpec {}

        record WsOpen(Common common, Text socket) implements StepSpec {}

        record WsSend(Common common, Text socket, Body body) implements StepSpec {}

        record WsAwait(Common common, Text socket, List<Pair> match, Duration timeout, List<CaptureSpec> captures) implements StepSpec {}

        record WsClose(Common common, Text socket) implements StepSpec {}

        record Pause(Common common, Population.ThinkSpec think) implements StepSpec {}

        record Read(Common common, Text text) implements StepSpec {}

        record Type(Common common, Text text, Text into) implements StepSpec {}

        record Assign(Common common, List<Pair> values) implements StepSpec {}

        /** {@code remember} (append to a list, at most its size), {@code forget} (remove) or {@code publish} (to a pool). */
        record Collect(Common common, Kind kind, List<Pair> values) implements StepSpec {
            public enum Kind { REMEMBER, FORGET, PUBLISH }
        }

        record Pick(Common common, Text into, List<Source> from, PickOrder by, double skew, Optional<Text> not, boolean remove,
                    Optional<Text> or, Optional<Text> orElse) implements StepSpec {}

        record Instead(Common common, Text action) implements StepSpec {}

        record Group(Common common, List<StepSpec> steps) implements StepSpec {}
    }

    /** Where a pick draws from (a pool, or a list variable of the user) and with which weight. */
    public record Source(Text name, double weight) {}

    public enum PickOrder { UNIFORM, ZIPF, NEWEST, OLDEST }
}
