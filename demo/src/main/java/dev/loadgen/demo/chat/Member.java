package dev.loadgen.demo.chat;

import dev.loadgen.demo.shared.ServiceMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One open, authenticated chat socket. Sends never block the sender: frames are handed to
 * Jetty asynchronously and counted until written. A client whose queue passes the cap is a
 * slow consumer and is disconnected (not sent a close frame, which would only queue behind
 * the rest), so one stalled reader cannot hold a room's broadcasts or the server's memory.
 */
final class Member {
    private final String userId;
    private final Session session;
    private final int maxPending;
    private final ServiceMetrics metrics;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    Member(String userId, Session session, int maxPending, ServiceMetrics metrics) {
        this.userId = userId;
        this.session = session;
        this.maxPending = maxPending;
        this.metrics = metrics;
    }

    String userId() {
        return userId;
    }

    Set<String> rooms() {
        return rooms;
    }

    void send(String type, String json) {
        if (dropped.get() || !session.isOpen()) {
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            if (dropped.compareAndSet(false, true)) {
                metrics.wsDropped();
                session.disconnect();
            }
            return;
        }
        metrics.wsFrame("out", type);
        session.sendText(json, Callback.from(pending::decrementAndGet, failure -> pending.decrementAndGet()));
    }
}
