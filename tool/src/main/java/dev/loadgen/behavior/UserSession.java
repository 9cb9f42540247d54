package dev.loadgen.behavior;

import dev.loadgen.protocol.WsSession;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * What one simulated user knows and holds, as a client app would: its account, its tokens (refreshed
 * when they expire), the posts it wrote (the only ones it edits or deletes), posts it has seen, whom it
 * follows, its chat socket and rooms. Used by one thread at a time (the user's own, or the one it runs an
 * action on and waits for), except the rooms, which the socket's callbacks update.
 */
public final class UserSession {
    private static final int REMEMBERED = 50;

    private final long number;
    private final RandomGenerator rng;
    private final String persona;
    private Account account;
    private String userId;
    private String accessToken;
    private String refreshToken;
    private long tokenExpiresAtNanos;
    private String[] authHeaders = {};
    private long pendingIntendedNanos;
    private long sessions;
    private final Deque<String> ownPosts = new ArrayDeque<>();
    private final Deque<String> seenPosts = new ArrayDeque<>();
    private final Set<String> following = new LinkedHashSet<>();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private WsSession socket;
    private Pacer pacer = Pacer.INSTANT;
    private int connectFailures;
    private long nextConnectAtNanos;
    private long chaosDecisions;

    /** An account: the credentials a user logs in with. */
    public record Account(String username, String password, String email) {}

    public UserSession(long number, RandomGenerator rng, String persona) {
        this.number = number;
        this.rng = rng;
        this.persona = persona;
    }

    public long number() {
        return number;
    }

    public RandomGenerator rng() {
        return rng;
    }

    public String persona() {
        return persona;
    }

    /** Reading and typing speeds, set by the user layer from the persona. */
    public Pacer pacer() {
        return pacer;
    }

    public void pacer(Pacer p) {
        pacer = p;
    }

    /**
     * Types a text of {@code chars} characters at the persona's speed; the request that sends it is then
     * due when the typing ended (so typing time is never counted as latency).
     *
     * @return false when the user was asked to stop meanwhile
     */
    boolean compose(int chars) throws InterruptedException {
        long ready = pacer.compose(chars);
        if (ready < 0) {
            return false;
        }
        pendingIntendedNanos = ready;
        return true;
    }

    /** The number of the user's next chaos decision, from 0: with the user's number, what the decision derives from. */
    long nextChaosOrdinal() {
        return chaosDecisions++;
    }

    /** Counts sessions; the session id names this user's current session. */
    public void beginSession() {
        sessions++;
    }

    public String sessionId() {
        return number + "-" + sessions;
    }

    public Optional<Account> account() {
        return Optional.ofNullable(account);
    }

    void account(Account a) {
        account = a;
    }

    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    void userId(String id) {
        userId = id;
    }

    public boolean loggedIn() {
        return accessToken != null;
    }

    public boolean tokenExpiringWithin(long nanos) {
        return accessToken != null && System.nanoTime() + nanos >= tokenExpiresAtNanos;
    }

    public Optional<String> accessToken() {
        return Optional.ofNullable(accessToken);
    }

    Optional<String> refreshToken() {
        return Optional.ofNullable(refreshToken);
    }

    void tokens(String access, String refresh, long expiresInSeconds) {
        accessToken = access;
        refreshToken = refresh;
        tokenExpiresAtNanos = System.nanoTime() + expiresInSeconds * 1_000_000_000L;
        authHeaders = new String[] {"Authorization", "Bearer " + access};
    }

    void loggedOut() {
        accessToken = null;
        refreshToken = null;
        authHeaders = new String[0];
    }

    String[] authHeaders() {
        return authHeaders;
    }

    /** The next request is due at this time by the user's schedule (its think time ended then). */
    public void scheduleNext(long intendedNanos) {
        pendingIntendedNanos = intendedNanos;
    }

    /** The intended start for the request about to go out: the scheduled time once, then "now". */
    long takeIntended() {
        long t = pendingIntendedNanos;
        pendingIntendedNanos = 0;
        return t == 0 ? System.nanoTime() : t;
    }

    Deque<String> ownPosts() {
        return ownPosts;
    }

    void remember(Deque<String> list, String id) {
        list.remove(id);
        list.addLast(id);
        if (list.size() > REMEMBERED) {
            list.removeFirst();
        }
    }

    Deque<String> seenPosts() {
        return seenPosts;
    }

    Set<String> following() {
        return following;
    }

    Set<String> rooms() {
        return rooms;
    }

    Optional<WsSession> socket() {
        return socket != null && socket.isOpen() ? Optional.of(socket) : Optional.empty();
    }

    void socket(WsSession s) {
        socket = s;
    }

    /** Reconnection with exponential backoff: may the user try to connect now? */
    boolean mayConnect(long now) {
        return now >= nextConnectAtNanos;
    }

    /**
     * A connection failed or dropped: wait before the next attempt, doubling from 0.5 s up to 30 s with
     * ±50 % jitter, so that a restarting server is not hit by every client at the same instant.
     */
    void connectFailed(long now) {
        connectFailures++;
        double base = Math.min(30.0, 0.5 * Math.pow(2, Math.min(connectFailures - 1, 10)));
        nextConnectAtNanos = now + (long) (base * (0.5 + rng.nextDouble()) * 1e9);
    }

    void connected() {
        connectFailures = 0;
        nextConnectAtNanos = 0;
    }
}
