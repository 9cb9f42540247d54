package dev.loadgen.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.Segment;
import dev.loadgen.config.Values;
import dev.loadgen.time.Clock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One loadgen instance as a control point sees it, through its dashboard's HTTP API only: its event stream,
 * read on a virtual thread of its own and reconnected when it breaks, and its control API. An instance out of
 * reach is shown as such; it never stops the control point.
 */
final class Instance implements AutoCloseable {
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration ANSWER = Duration.ofSeconds(5);
    /** The stream carries a state every second while a run goes on and a keep-alive every 15 s: silence past this is a dead link. */
    private static final Duration SILENCE = Duration.ofSeconds(20);

    /** What the control point shows of an instance at one moment. */
    record View(URI url, boolean reachable, String problem, Optional<JsonNode> state, Optional<JsonNode> lastInterval,
                Optional<JsonNode> baseline, List<JsonNode> newIntervals, boolean ended) {
        /** The execution segment the instance says it runs, once its run has started. */
        Optional<Segment> segment() {
            return Instance.segment(state);
        }
    }

    /** The segment in a state's control part; an instance of a loadgen that does not say runs a whole run. */
    private static Optional<Segment> segment(Optional<JsonNode> state) {
        return state.map(s -> s.path("control").path("segment").asText("0/1")).map(text -> {
            try {
                return Values.segment(text, Origin.DEFAULTS, "segment");
            } catch (ConfigException e) {
                return Segment.WHOLE;
            }
        });
    }

    private final URI url;
    private final HttpClient http;
    private final Optional<String> token;
    private final Clock clock;
    private final InstanceFeed feed = new InstanceFeed();
    private volatile boolean reachable;
    private volatile String problem = "not connected yet";
    private volatile long heardNanos;
    private volatile Stream<String> open;
    /** Why the control point cut the connection, when it did. */
    private volatile String cut;
    private volatile boolean closed;
    private final Thread reader;

    Instance(URI url, HttpClient http, Optional<String> token, Clock clock) {
        this.url = url;
        this.http = http;
        this.token = token;
        this.clock = clock;
        this.reader = Thread.ofVirtual().name("loadgen-control-" + url.getAuthority()).start(this::read);
    }

    URI url() {
        return url;
    }

    /** The execution segment it runs, once its run has started and it was heard from. */
    Optional<Segment> segment() {
        synchronized (feed) {
            return segment(feed.state());
        }
    }

    /** It sent its end event: its run is over. */
    boolean ended() {
        synchronized (feed) {
            return feed.ended();
        }
    }

    /** Where it stands now, and why not when it is out of reach (or an empty text). */
    String problem() {
        return reachable ? "" : problem;
    }

    /** Where it stands now; takes the intervals received since the last call. */
    View view() {
        if (reachable && clock.nanoTime() - heardNanos > SILENCE.toNanos()) {
            cut("sent nothing for " + SILENCE.toSeconds() + "s");
        }
        synchronized (feed) {
            return new View(url, reachable, problem, feed.state(), feed.lastInterval(), feed.baseline(), feed.takeIntervals(), feed.ended());
        }
    }

    /** What the instance answered a control request: its status (0: no answer) and its JSON, or why there is none. */
    record Reply(int status, Optional<JsonNode> body, String problem) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends a control request, with the token when there is one. */
    Reply post(String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(ANSWER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Optional<JsonNode> body;
            try {
                body = Optional.of(StateJson.JSON.readTree(r.body()));
            } catch (IOException e) {
                body = Optional.empty();
            }
            return new Reply(r.statusCode(), body, body.isPresent() ? "" : "answered HTTP " + r.statusCode() + " without JSON");
        } catch (IOException e) {
            return new Reply(0, Optional.empty(), describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, Optional.empty(), "interrupted");
        }
    }

    private void read() {
        while (!closed) {
            String why;
            try {
                why = follow();
            } catch (IOException | RuntimeException e) {
                why = describe(e);
            } catch (InterruptedException e) {
                return;
            }
            reachable = false;
            String cutShort = cut;
            cut = null;
            problem = cutShort != null ? cutShort : why;
            try {
                clock.sleepUntil(clock.nanoTime() + RETRY.toNanos(), () -> closed);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads the event stream until it ends; returns why it ended. */
    private String follow() throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(url.resolve("/events")).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> r = http.send(get, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = r.body()) {
            if (r.statusCode() != 200) {
                return "answered HTTP " + r.statusCode() + " on /events: is this a loadgen dashboard?";
            }
            open = lines;
            synchronized (feed) {
                feed.connected();
            }
            heardNanos = clock.nanoTime();
            problem = "";
            reachable = true;
            events(lines.iterator());
            synchronized (feed) {
                return feed.ended() ? "its run is over" : "closed its event stream";
            }
        } finally {
            open = null;
        }
    }

    /** Server-Sent Events: {@code event:} and {@code data:} lines, an empty line ends each; {@code :} starts a comment. */
    private void events(Iterator<String> lines) throws IOException {
        String name = "message";
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            heardNanos = clock.nanoTime();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    JsonNode json = StateJson.JSON.readTree(data.toString());
                    synchronized (feed) {
                        feed.event(name, json);
                    }
                }
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            }
        }
    }

    /** Cuts a connection that went silent; the reader says why and connects again. */
    private void cut(String why) {
        Stream<String> s = open;
        if (s != null) {
            cut = why;
            reachable = false;
            s.close();
        }
    }

    private String describe(Exception e) {
        if (e instanceof ConnectException) {
            return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + ANSWER.toSeconds() + "s";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        Stream<String> s = open;
        if (s != null) {
            s.close();
        }
    }
}
