package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.WireFault;
import dev.loadgen.protocol.WsListener;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scenario's WebSockets. A socket is declared once (where, with which headers, whether it stays open for
 * the session, how frames name their type, delivery tracking) and used by steps: a step on a socket that is
 * not open opens it first; one that dropped is reopened only after a backoff (doubling from {@code min} to
 * {@code max}, ±50 % jitter, so that a restarting server is not hit by every client at once), and until
 * then the steps on it are skipped, counted.
 */
final class Sockets {
    private Sockets() {}

    /**
     * A declared socket, compiled.
     *
     * @param track  delivery tracking, or null
     * @param awaits true when some step waits for a frame on it: only then are incoming frames kept for it
     */
    record Spec(String name, int index, String service, EndpointMeter meter, Template url, String[] queryNames, Template[] queryValues,
                Template[] headers, boolean auth, boolean keepForSession, String typeField, long backoffMinNanos, long backoffMaxNanos,
                Track track, boolean awaits, dev.loadgen.metrics.WsCounters counters) {}

    /** Tracking: the id and group fields, the frame that makes the user a member, the leave frame, the ledger. */
    record Track(String idField, String groupField, String[] joinedFields, Template[] joinedValues, JsonBody leave,
                 Variables.Var group, DeliveryLedger ledger) {}

    /** A frame to send: its text for a user, and a top-level field's value when it is the same in every frame. */
    interface Frame {
        String text(ActionRun run);

        /** The frame's text with the JSON tree it was written from (null for a text frame), so a send need not parse it back. */
        default Rendered render(ActionRun run) {
            return new Rendered(text(run), null);
        }

        String fixedField(String name);
    }

    /** A frame as sent: its text, and its JSON tree when it was made from one. */
    record Rendered(String text, JsonNode tree) {}

    /** A text frame, sent as written (placeholders filled). */
    record TextFrame(Template template) implements Frame {
        @Override
        public String text(ActionRun run) {
            return template.fill(run);
        }

        @Override
        public String fixedField(String name) {
            return null;
        }
    }

    /** One user's socket: the open session, its groups, its backoff, and the frames kept for awaits. */
    static final class State {
        private static final int KEPT = 64;

        volatile WsSession session;
        final Set<String> groups = ConcurrentHashMap.newKeySet();
        int failures;
        long nextConnectAtNanos;
        /** Frames received (when the socket has awaits), with their sequence numbers. */
        final ArrayDeque<Object[]> frames = new ArrayDeque<>();
        volatile long received;
        volatile long mark;
        /** The action whose first step on this socket already had its chaos decision. */
        Object chaosDecidedFor;
        /** When the socket dropped (set on the socket's thread), for the user's thread to start the backoff from; 0: it did not. */
        volatile long droppedAtNanos;
        /** When the socket broke (closed by the server, dropped), until it is open again or the user closes it; 0: it is not broken. */
        long lostAtNanos;
        /** Counts the connections made: a callback of an earlier one (a late close, a last frame) leaves the state alone. */
        volatile int connection;

        boolean open() {
            WsSession s = session;
            return s != null && s.isOpen();
        }

        /** The user's thread while it waits for a frame, for the socket's thread to wake. */
        private volatile Thread waiter;

        void keep(JsonNode frame) {
            synchronized (frames) {
                frames.addLast(new Object[] {++received, frame});
                if (frames.size() > KEPT) {
                    frames.removeFirst();
                }
            }
            Thread w = waiter;
            if (w != null) {
                java.util.concurrent.locks.LockSupport.unpark(w);
            }
        }

        /**
         * A frame received after the mark that satisfies {@code test}, waiting up to the deadline on the run's clock
         * (woken by each frame that comes); null when none came in time or the socket closed.
         */
        JsonNode await(java.util.function.Predicate<JsonNode> test, long deadlineNanos, dev.loadgen.time.Clock clock) throws InterruptedException {
            long seen = mark;
            waiter = Thread.currentThread();
            try {
                while (true) {
                    long[] last = {seen};
                    JsonNode found = null;
                    synchronized (frames) {
                        for (Object[] f : frames) {
                            if ((long) f[0] > last[0]) {
                                last[0] = (long) f[0];
                                if (found == null && test.test((JsonNode) f[1])) {
                                    found = (JsonNode) f[1];
                                    mark = last[0];
                                }
                            }
                        }
                    }
                    if (found != null) {
                        return found;
                    }
                    seen = last[0];
                    long upTo = seen;
                    if (!open() || clock.nanoTime() >= deadlineNanos
                            || clock.sleepUntil(deadlineNanos, () -> received > upTo || !open()) && !newer(upTo)) {
                        return null;
                    }
                }
            } finally {
                waiter = null;
            }
        }

        private boolean newer(long than) {
            synchronized (frames) {
                return received > than;
            }
        }

        void markSent() {
            synchronized (frames) {
                mark = received;
            }
        }

        void connected() {
            failures = 0;
            nextConnectAtNanos = 0;
        }

        void failed(long now, Spec spec, java.util.random.RandomGenerator rng) {
            failures++;
            double base = Math.min(spec.backoffMaxNanos(), spec.backoffMinNanos() * Math.pow(2, Math.min(failures - 1, 30)));
            nextConnectAtNanos = now + (long) (base * (0.5 + rng.nextDouble()));
        }
    }

    /** The user's side of a socket: its groups, the ledger's deliveries, the frames kept for awaits. Runs on the socket's threads. */
    static final class Listener implements WsListener {
        private final Spec spec;
        private final State state;
        private final long user;
        private final Services services;
        private final int connection;

        Listener(Spec spec, State state, long user, Services services) {
            this.spec = spec;
            this.state = state;
            this.user = user;
            this.services = services;
            this.connection = state.connection;
        }

        private boolean current() {
            return state.connection == connection;
        }

        @Override
        public String onText(String text) {
            JsonNode frame = services.parseQuietly(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (frame == null || !frame.isObject()) {
                return frame == null ? "invalid" : "other";
            }
            String type = frame.path(spec.typeField()).asText("unknown");
            Track t = spec.track();
            boolean current = current();
            if (t != null) {
                String group = frame.path(t.groupField()).asText(null);
                if (current && group != null && joined(frame, t)) {
                    state.groups.add(group);
                    t.ledger().joined(group, user);
                }
                String id = frame.path(t.idField()).asText(null);
                if (id != null) {
                    t.ledger().received(id, user, services.clock().nanoTime());
                }
            }
            if (current && spec.awaits()) {
                state.keep(frame);
            }
            return type;
        }

        private static boolean joined(JsonNode frame, Track t) {
            if (t.joinedFields().length == 0) {
                return false;
            }
            for (int i = 0; i < t.joinedFields().length; i++) {
                if (!frame.path(t.joinedFields()[i]).asText("").equals(t.joinedValues()[i].text())) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onClose(int code, String reason) {
            if (!current()) {
                return;
            }
            if (spec.track() != null) {
                spec.track().ledger().gone(user);
            }
            state.groups.clear();
            if (code != 1000) {
                // the backoff's jitter is drawn on the user's own thread, from its own generator
                state.droppedAtNanos = services.clock().nanoTime();
            }
        }
    }

    /** Opens the socket if it is not open: false (counted) when it is waiting out its backoff or did not open. */
    static boolean ensureOpen(ActionRun run, Spec spec, String step) throws InterruptedException {
        State s = run.socket(spec);
        if (s.open()) {
            return true;
        }
        long dropped = s.droppedAtNanos;
        if (s.session != null && s.lostAtNanos == 0) {
            // it had a connection the user did not close: this open is a reconnect, timed from the break
            s.lostAtNanos = dropped != 0 ? dropped : run.clock().nanoTime();
        }
        if (dropped != 0) {
            s.droppedAtNanos = 0;
            s.failed(dropped, spec, run.user().rng());
        }
        long now = run.clock().nanoTime();
        if (now < s.nextConnectAtNanos) {
            run.skip(step, "socket " + spec.name() + " is waiting to reconnect (backoff)");
            return false;
        }
        boolean reconnecting = s.lostAtNanos != 0;
        if (reconnecting) {
            spec.counters().reconnectAttempt();
        }
        WsTransport.Handshake h = connect(run, spec, s, WireFault.NONE);
        if (h.session().isEmpty()) {
            s.failed(run.clock().nanoTime(), spec, run.user().rng());
            run.skip(step, "socket " + spec.name() + " did not open (see its endpoint)");
            return false;
        }
        s.connected();
        if (reconnecting) {
            spec.counters().reconnected(run.clock().nanoTime() - s.lostAtNanos);
            s.lostAtNanos = 0;
        }
        return true;
    }

    static WsTransport.Handshake connect(ActionRun run, Spec spec, State s, WireFault fault) throws InterruptedException {
        Optional<WsTransport> transport = run.runtime().services().ws();
        if (transport.isEmpty() || spec.auth() && !run.inAuthAction() && !run.runtime().auth().ensureLoggedIn(run)) {
            return new WsTransport.Handshake(Optional.empty(), 0);
        }
        String http = spec.url().fill(run, HttpStep::encodePath);
        StringBuilder b = new StringBuilder(http.startsWith("https:") ? "wss" + http.substring(5) : http.startsWith("http:") ? "ws" + http.substring(4) : http);
        char sep = b.indexOf("?") >= 0 ? '&' : '?';
        for (int i = 0; i < spec.queryNames().length; i++) {
            b.append(sep).append(HttpStep.encode(spec.queryNames()[i])).append('=').append(HttpStep.encode(spec.queryValues()[i].fill(run)));
            sep = '&';
        }
        List<String> h = new ArrayList<>();
        if (spec.auth()) {
            h.addAll(List.of(run.runtime().auth().headers(run)));
        }
        for (Template t : spec.headers()) {
            h.add(t.fill(run));
        }
        s.groups.clear();
        s.connection++;
        WsTransport.Handshake hs = transport.get().connect(spec.meter(), URI.create(b.toString()), h.toArray(new String[0]),
                new Listener(spec, s, run.user().number(), run.runtime().services()), run.user().takeIntended(), fault);
        hs.session().ifPresent(ws -> s.session = ws);
        return hs;
    }

    /** Sends a frame; a frame carrying a tracked id starts following it to the group's members. */
    static void send(ActionRun run, Spec spec, State s, Frame frame) {
        Rendered r = frame.render(run);
        String text = r.text();
        String type = frame.fixedField(spec.typeField());
        Track t = spec.track();
        if (type == null || t != null) {
            JsonNode n = r.tree() != null ? r.tree()
                    : run.runtime().services().parseQuietly(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (type == null) {
                type = n == null ? "text" : n.path(spec.typeField()).asText("unknown");
            }
            if (t != null && n != null && n.hasNonNull(t.idField())) {
                t.ledger().sent(n.path(t.idField()).asText(), n.path(t.groupField()).asText(""), run.user().number(), run.clock().nanoTime());
            }
        }
        s.markSent();
        s.session.send(type, text);
    }

    /** Closes a socket; {@code graceful}: first leaves each tracked group with the leave frame, as a client logging out does. */
    static void close(ActionRun run, Spec spec, State s, boolean graceful) {
        WsSession ws = s.session;
        if (ws == null) {
            return;
        }
        Track t = spec.track();
        if (graceful && ws.isOpen() && t != null && t.leave() != null) {
            for (String g : List.copyOf(s.groups)) {
                t.ledger().left(g, run.user().number());
                run.set(t.group(), g);
                String text = t.leave().text(run);
                ws.send(Optional.ofNullable(t.leave().fixedField(spec.typeField())).orElse("leave"), text);
            }
        }
        ws.close();
        if (t != null) {
            t.ledger().gone(run.user().number());
        }
        s.groups.clear();
        s.session = null;
        s.lostAtNanos = 0;
    }

    /** The counter of an await's misses, on the socket's endpoint. */
    static CheckCounter awaitCounter(Spec spec, String match) {
        return spec.meter().check("await " + match);
    }
}
