package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Values;
import dev.loadgen.engine.LoadControl;
import java.time.Duration;
import java.util.Locale;

/**
 * The control API's requests, as k6's REST API and Locust's swarm form offer them:
 * <pre>
 * POST /api/users {"users": 50, "over": "30s"}   closed model: target users
 * POST /api/rate  {"rate": "20/s", "over": "1m"} open model: arrival rate
 * POST /api/stop  {}                             end the load, graceful stop follows
 * </pre>
 * Each answers a status code and a JSON body: {@code {"message": ..., "control": ...}} or {@code {"error": ...}}.
 * Access has been checked before any of this runs.
 */
final class ControlApi {
    /** What to send back. */
    record Answer(int status, ObjectNode body) {}

    private ControlApi() {}

    /** A control request, read and checked: what to change, before anything is changed. */
    sealed interface Change permits Users, Rate, Stop {
        /** What was done, as the answer's message says it. */
        String done();
    }

    /** Closed model: move to {@code users} over {@code over}. */
    record Users(int users, Duration over) implements Change {
        @Override
        public String done() {
            return "target users set to " + users + (over.isZero() ? "" : " over " + Values.format(over));
        }
    }

    /** Open model: move the arrival rate to {@code perSecond} over {@code over}. */
    record Rate(double perSecond, Duration over) implements Change {
        @Override
        public String done() {
            return String.format(Locale.ROOT, "arrival rate set to %s/s", trim(perSecond)) + (over.isZero() ? "" : " over " + Values.format(over));
        }
    }

    /** End the load now. */
    record Stop() implements Change {
        @Override
        public String done() {
            return "stopping: users finish their current action, then the results are written";
        }
    }

    /** A request that cannot be done as sent, with the answer that says why. */
    static final class Refused extends Exception {
        private final transient Answer answer;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.answer = error(status, message);
        }

        Answer answer() {
            return answer;
        }
    }

    /** Reads a control request's path and body; refuses (400, 404) what is not one. */
    static Change read(String path, String body) throws Refused {
        JsonNode json;
        try {
            json = body.isBlank() ? StateJson.JSON.createObjectNode() : StateJson.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new Refused(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!json.isObject()) {
            throw new Refused(400, "the body must be a JSON object, like {\"users\": 50}");
        }
        try {
            return switch (path) {
                case "/api/users" -> new Users(wholeNumber(json, "users"), over(json, path));
                case "/api/rate" -> new Rate(rate(json, path), over(json, path));
                case "/api/stop" -> new Stop();
                default -> throw new Refused(404, "no such control: use POST /api/users, /api/rate or /api/stop");
            };
        } catch (IllegalArgumentException | ConfigException e) {
            throw new Refused(400, e.getMessage());
        }
    }

    static Answer handle(String path, String body, LoadControl c, Segment segment, boolean tokenRequired) {
        try {
            Change change = read(path, body);
            switch (change) {
                case Users u -> c.setUsers(u.users(), u.over());
                case Rate r -> c.setRate(r.perSecond(), r.over());
                case Stop s -> c.stop();
            }
            ObjectNode ok = StateJson.JSON.createObjectNode();
            ok.put("message", change.done());
            ok.set("control", StateJson.control(c.status(), segment, tokenRequired));
            return new Answer(change instanceof Stop ? 202 : 200, ok);
        } catch (Refused e) {
            return e.answer();
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        }
    }

    static Answer error(int status, String message) {
        ObjectNode n = StateJson.JSON.createObjectNode();
        n.put("error", message);
        return new Answer(status, n);
    }

    private static int wholeNumber(JsonNode json, String field) {
        JsonNode n = json.path(field);
        if (!n.isNumber() && !(n.isTextual() && n.asText().trim().matches("\\d+"))) {
            throw new IllegalArgumentException("give \"" + field + "\" as a whole number, like {\"" + field + "\": 50}");
        }
        double v = n.isNumber() ? n.asDouble() : Double.parseDouble(n.asText().trim());
        if (v != Math.rint(v) || v < 0 || v > 10_000_000) {
            throw new IllegalArgumentException("\"" + field + "\" must be a whole number from 0 to 10000000, got " + n);
        }
        return (int) v;
    }

    private static double rate(JsonNode json, String path) {
        JsonNode n = json.path("rate");
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            return Values.ratePerSecond(n.asText(), Origin.flag("POST " + path), "rate");
        }
        throw new IllegalArgumentException("give \"rate\" per second, like {\"rate\": 20} or {\"rate\": \"1200/m\"}");
    }

    private static Duration over(JsonNode json, String path) {
        JsonNode n = json.path("over");
        if (n.isMissingNode() || n.isNull()) {
            return Duration.ZERO;
        }
        if (n.isNumber()) {
            return Duration.ofMillis(Math.round(n.asDouble() * 1000));
        }
        return Values.duration(n.asText(), Origin.flag("POST " + path), "over");
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
