package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a control point knows of one instance from its event stream: the latest {@code state}, the latest
 * {@code interval}, and the intervals not yet added into the control point's own timeline.
 *
 * <p>A page that connects gets the instance's recent intervals first, then its latest state (EventStream).
 * The control point's timeline starts when it starts, so on the first connection those earlier intervals are
 * not added: the last of them only sets the baseline of the running totals (sessions, WebSocket frames, chaos),
 * so that the charts show their rise from then on, not the instance's whole past as one spike. On a later
 * connection (the instance was out of reach for a while) the intervals after the last one added are the ones
 * missed, and are added; earlier ones were added already. An instance whose state says less time has passed
 * than the last interval added runs a new run: its intervals are all new, its baseline zero.
 *
 * <p>Not thread-safe: {@link Instance} calls it under its own lock.
 */
final class InstanceFeed {
    private final List<JsonNode> history = new ArrayList<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private boolean live;
    private boolean seenLive;
    private double lastT = -1;
    private Optional<JsonNode> baseline = Optional.empty();
    private Optional<JsonNode> state = Optional.empty();
    private Optional<JsonNode> lastInterval = Optional.empty();
    private boolean ended;

    /** A new connection: what comes first is the instance's history. */
    void connected() {
        live = false;
        history.clear();
    }

    /** One event of the stream, its name and its data parsed. */
    void event(String name, JsonNode data) {
        switch (name) {
            case "interval" -> interval(data);
            case "state" -> state(data);
            case "end" -> {
                if (!live) {
                    state(data.path("state"));
                }
                state = Optional.of(data.path("state"));
                ended = true;
            }
            default -> {
                // an event a newer loadgen sends and this one does not know: nothing to add
            }
        }
    }

    private void interval(JsonNode data) {
        if (!live) {
            history.add(data);
            return;
        }
        add(data);
    }

    private void state(JsonNode data) {
        if (!live) {
            if (!seenLive) {
                baseline = history.isEmpty() ? Optional.empty() : Optional.of(history.getLast());
                lastT = history.isEmpty() ? -1 : history.getLast().path("t").asDouble();
                lastInterval = baseline;
            } else if (data.path("elapsedSeconds").asDouble() < lastT) {
                baseline = Optional.empty();
                lastT = -1;
                ended = false;
                history.forEach(this::add);
            } else {
                history.stream().filter(i -> i.path("t").asDouble() > lastT).forEach(this::add);
            }
            history.clear();
            live = true;
            seenLive = true;
        }
        state = Optional.of(data);
    }

    private void add(JsonNode interval) {
        pending.add(interval);
        lastT = interval.path("t").asDouble();
        lastInterval = Optional.of(interval);
    }

    /** The intervals received since the last call, oldest first. */
    List<JsonNode> takeIntervals() {
        List<JsonNode> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    Optional<JsonNode> state() {
        return state;
    }

    /** The latest interval: its gauges (users by persona, open WebSockets) and running totals are the instance's now. */
    Optional<JsonNode> lastInterval() {
        return lastInterval;
    }

    /** The running totals when the control point started adding this instance's intervals; empty for zero. */
    Optional<JsonNode> baseline() {
        return baseline;
    }

    /** The instance sent its end event: its run is over and its state is final. */
    boolean ended() {
        return ended;
    }
}
