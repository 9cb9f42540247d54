package dev.loadgen.demo.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.demo.shared.ServiceMetrics;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** A slow consumer is dropped once its queue is full, and never blocks the sender. */
class MemberTest {
    /** A session whose writes never complete (the peer stopped reading) until told to. */
    static final class StalledSession {
        final List<Callback> pending = new ArrayList<>();
        final AtomicInteger disconnects = new AtomicInteger();
        boolean open = true;

        Session proxy() {
            return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                    (p, m, args) -> switch (m.getName()) {
                        case "sendText" -> {
                            pending.add((Callback) args[1]);
                            yield null;
                        }
                        case "isOpen" -> open;
                        case "disconnect" -> {
                            disconnects.incrementAndGet();
                            open = false;
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    @Test
    void a_client_past_its_queue_cap_is_dropped_once_and_gets_nothing_more() {
        StalledSession s = new StalledSession();
        Member m = new Member("u1", s.proxy(), 3, new ServiceMetrics());
        for (int i = 0; i < 10; i++) {
            m.send("message", "{}");
        }
        assertThat(s.pending).hasSize(3);
        assertThat(s.disconnects.get()).isEqualTo(1);
    }

    @Test
    void written_frames_free_their_place_in_the_queue() {
        StalledSession s = new StalledSession();
        Member m = new Member("u1", s.proxy(), 2, new ServiceMetrics());
        for (int i = 0; i < 6; i++) {
            m.send("message", "{}");
            s.pending.get(s.pending.size() - 1).succeed();
        }
        assertThat(s.pending).hasSize(6);
        assertThat(s.disconnects.get()).isZero();
    }
}
