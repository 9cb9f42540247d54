package dev.loadgen.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The Server-Sent Events stream of the page: {@code interval} (one per second, the timeline's line),
 * {@code state} (the run's totals so far) and, once, {@code end}. A page that connects late first gets
 * the recent intervals ({@link #HISTORY} of them) and the latest state, so it draws the run so far.
 *
 * <p>The collector's thread only offers events to each client's bounded queue and never waits: each
 * client has a virtual thread that writes its queue to the connection. A client too slow to keep up is
 * dropped rather than allowed to hold memory or the collector back.
 */
final class EventStream {
    static final int HISTORY = 900;
    private static final int QUEUE = HISTORY + 64;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Not an event: tells a client's writer to finish the response. */
    private static final String END = "";

    /** Clients that get new events. */
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    /** Clients whose writer still runs, dropped ones included. */
    private final Set<Client> pumping = ConcurrentHashMap.newKeySet();
    private final Deque<String> history = new ArrayDeque<>();
    private String lastState;
    private String ending;

    /** Adds a client: writes the history, then whatever comes, until the end or a failed write. */
    void open(Response response, Callback done) {
        Client c = new Client(response, done);
        c.offer("retry: 2000\n\n");
        synchronized (this) {
            history.forEach(c::offer);
            if (lastState != null) {
                c.offer(lastState);
            }
            if (ending != null) {
                c.offer(ending);
                c.offer(END);
            } else {
                clients.add(c);
            }
        }
        Thread.ofVirtual().name("loadgen-dashboard-sse").start(c::pump);
    }

    synchronized void interval(String json) {
        String event = event("interval", json);
        history.addLast(event);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        broadcast(event);
    }

    synchronized void state(String json) {
        lastState = event("state", json);
        broadcast(lastState);
    }

    /** The last event: every page closes its stream on it. Later pages get it right after the history. */
    synchronized void end(String json) {
        ending = event("end", json);
        broadcast(ending);
        broadcast(END);
        clients.clear();
    }

    /**
     * After {@link #end}, waits until every client has written the end, at most {@code limit}; never for
     * the clients to leave. Without an end there is nothing worth waiting for.
     */
    void drain(Duration limit) throws InterruptedException {
        synchronized (this) {
            if (ending == null) {
                return;
            }
        }
        long deadline = System.nanoTime() + limit.toNanos();
        for (Client c : List.copyOf(pumping)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.finished.await(left, TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    private void broadcast(String event) {
        clients.removeIf(c -> {
            if (c.offer(event)) {
                return false;
            }
            // too far behind: end its response; the browser reconnects and starts afresh from the history
            c.queue.clear();
            c.offer(END);
            return true;
        });
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    /** One page's connection and its queue of events not yet written. */
    private final class Client {
        private final Response response;
        private final Callback done;
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
        private final CountDownLatch finished = new CountDownLatch(1);

        Client(Response response, Callback done) {
            this.response = response;
            this.done = done;
            pumping.add(this);
        }

        boolean offer(String event) {
            return queue.offer(event);
        }

        void pump() {
            try {
                while (true) {
                    String event = queue.poll(KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS);
                    if (END.equals(event)) {
                        Callback.Completable last = new Callback.Completable();
                        response.write(true, ByteBuffer.allocate(0), last);
                        last.get();
                        done.succeeded();
                        return;
                    }
                    // a comment line keeps proxies and idle timeouts from closing a quiet stream
                    write(event == null ? ": keep-alive\n\n" : event);
                }
            } catch (Exception e) {
                clients.remove(this);
                done.failed(e);
            } finally {
                pumping.remove(this);
                finished.countDown();
            }
        }

        private void write(String text) throws Exception {
            Callback.Completable written = new Callback.Completable();
            response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
            written.get();
        }
    }
}
