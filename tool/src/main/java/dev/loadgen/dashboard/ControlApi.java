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

    static Answer handle(String path, String body, LoadControl c, Segment segment, boolean tokenRequired) {
        JsonNode json;
        try {
            json = body.isBlank() ? StateJson.JSON.createObjectNode() : StateJson.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return error(400, "the body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!json.isObject()) {
            return error(400, "the body must be a JSON object, like {\"users\": 50}");
        }
        try {
            String message = switch (path) {
                case "/api/users" -> {
                    int users = wholeNumber(json, "users");
                    Duration over = over(json, path);
                    c.setUsers(users, over);
                    yield "target users set to " + users + (over.isZero() ? "" : " over " + Values.format(over));
                }
                case "/api/rate" -> {
                    double rate = rate(json, path);
                    Duration over = over(json, path);
                    c.setRate(rate, over);
                    yield String.format(Locale.ROOT, "arrival rate set to %s/s", trim(rate)) + (over.isZero() ? "" : " over " + Values.format(over));
                }
                case "/api/stop" -> {
                    c.stop();
                    yield "stopping: users finish their current action, then the results are written";
                }
                default -> throw new NoSuchPath();
            };
            ObjectNode ok = StateJson.JSON.createObjectNode();
            ok.put("message", message);
            ok.set("control", StateJson.control(c.status(), segment, tokenRequired));
            return new Answer(path.equals("/api/stop") ? 202 : 200, ok);
        } catch (NoSuchPath e) {
            return error(404, "no such control: use POST /api/users, /api/rate or /api/stop");
        } catch (IllegalArgumentException | ConfigException e) {
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

    private static final class NoSuchPath extends RuntimeException {
        NoSuchPath() {
            super(null, null, false, false);
        }
    }
}
