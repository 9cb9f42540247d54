package dev.loadgen.behavior;

import dev.loadgen.protocol.ClientSession;
import dev.loadgen.time.Clock;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * What one simulated user knows and holds across its sessions, as a client app would: its variables (the
 * scenario's slots: account, token, the posts it wrote, whom it follows...), its connections and cookies,
 * whether it is logged in and until when, its open sockets, the data rows drawn for it, and its reading and
 * typing pace. Used by one thread at a time (the user's own, or the one it runs an action on and waits
 * for), except the sockets' groups, which the sockets' callbacks update.
 */
public final class UserState {
    private final long number;
    private final RandomGenerator rng;
    private final String persona;
    private final Clock clock;
    private final Object[] values;
    private final ClientSession http;
    private long sessions;
    private long pendingIntendedNanos;
    private Pacer pacer = Pacer.INSTANT;
    private long chaosDecisions;
    final Auth.State auth = new Auth.State();
    /** One per declared socket, made when first opened. */
    final Sockets.State[] sockets;
    /** The rows drawn from each data file for this user (or its session); null until drawn. */
    final Object[][] rows;

    UserState(long number, RandomGenerator rng, String persona, Clock clock, int slots, int sockets, int feeders, ClientSession http) {
        this.number = number;
        this.rng = rng;
        this.persona = persona;
        this.clock = clock;
        this.values = new Object[slots];
        this.sockets = new Sockets.State[sockets];
        this.rows = new Object[feeders][];
        this.http = http;
    }

    /** A user with no scenario values, its own connections and the real clock: for behaviours written in Java alone. */
    public static UserState plain(long number, RandomGenerator rng, String persona) {
        return new UserState(number, rng, persona, Clock.SYSTEM, 0, 0, 0, ClientSession.of(number));
    }

    /** The user's number (from 1), the same in every execution segment. */
    public long number() {
        return number;
    }

    public RandomGenerator rng() {
        return rng;
    }

    public String persona() {
        return persona;
    }

    public Clock clock() {
        return clock;
    }

    /** Counts sessions; the session id names this user's current session. */
    public void beginSession() {
        sessions++;
    }

    public String sessionId() {
        return number + "-" + sessions;
    }

    /** Reading and typing speeds, set by the user layer from the persona. */
    public Pacer pacer() {
        return pacer;
    }

    public void pacer(Pacer p) {
        pacer = p;
    }

    ClientSession http() {
        return http;
    }

    Object get(int slot) {
        return values[slot];
    }

    void set(int slot, Object value) {
        values[slot] = value;
    }

    void clear(int[] slots) {
        for (int s : slots) {
            values[s] = null;
        }
    }

    /** Every value, for a new user that takes over a pool account (the register action's captures with it). */
    Object[] copyValues() {
        return Arrays.copyOf(values, values.length);
    }

    void takeValues(Object[] from, int[] slots) {
        for (int s : slots) {
            values[s] = from[s];
        }
    }

    /** The number of the user's next chaos decision, from 0: with the user's number, what the decision derives from. */
    long nextChaosOrdinal() {
        return chaosDecisions++;
    }

    /** The next request is due at this time by the user's schedule (its think time, or its typing, ended then). */
    public void scheduleNext(long intendedNanos) {
        pendingIntendedNanos = intendedNanos;
    }

    /** The intended start for the request about to go out: the scheduled time once, then "now". */
    long takeIntended() {
        long t = pendingIntendedNanos;
        pendingIntendedNanos = 0;
        return t == 0 ? clock.nanoTime() : t;
    }
}
