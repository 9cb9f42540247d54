package dev.loadgen.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.chaos.Reactions;
import dev.loadgen.config.ChaosConfig;
import dev.loadgen.metrics.ChaosCounters;
import dev.loadgen.metrics.CheckCounter;
import dev.loadgen.protocol.WireFault;
import dev.loadgen.protocol.WsSession;
import dev.loadgen.protocol.WsTransport;
import java.util.Optional;

/**
 * The WebSocket steps: open, send a frame, wait for a frame, close. The first step of an action on a socket
 * carries the run's WebSocket chaos decision for it: drop the connection without a close frame, go silent
 * for a while after the first frame (a stall), or reconnect several times back to back (a reconnect storm).
 */
final class SocketSteps {
    private SocketSteps() {}

    record Open(String name, Sockets.Spec spec) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            return Sockets.ensureOpen(run, spec, name) ? Next.GO_ON : Next.END;
        }
    }

    record Close(Sockets.Spec spec) implements Step {
        @Override
        public Next run(ActionRun run) {
            Sockets.close(run, spec, run.socket(spec), true);
            return Next.GO_ON;
        }
    }

    record Send(String name, Sockets.Spec spec, Sockets.Frame frame) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            if (!Sockets.ensureOpen(run, spec, name)) {
                return Next.END;
            }
            Sockets.State s = run.socket(spec);
            long stallNanos = 0;
            if (s.chaosDecidedFor != run) {
                s.chaosDecidedFor = run;
                Optional<ChaosConfig.Fault> f = decide(run);
                if (f.isPresent()) {
                    ChaosCounters counters = run.runtime().services().metrics().chaos();
                    String kind = f.get().kind().label;
                    counters.injected(kind);
                    switch (f.get().kind()) {
                        case WS_DROP -> {
                            WsSession ws = s.session;
                            ws.drop();
                            counters.reacted(kind, closedWithin(run, ws, 1_000_000_000L), 0);
                            return Next.END;
                        }
                        case RECONNECT_BURST -> {
                            burst(run, s, f.get());
                            return Next.END;
                        }
                        default -> stallNanos = f.get().delay().toNanos();
                    }
                }
            }
            Sockets.send(run, spec, s, frame);
            // a time the user's schedule set (a text typed) was for this frame: a request later in the action is due
            // when it goes, not then, or its lag would count what came between (an await, a stall)
            run.user().takeIntended();
            if (stallNanos > 0) {
                // ws-stall: after the action's first frame the socket stays silent this long; expected: still open after
                run.clock().sleepUntil(run.clock().nanoTime() + stallNanos, () -> false);
                run.runtime().services().metrics().chaos().reacted(ChaosConfig.Kind.WS_STALL.label, s.open(), 0);
            }
            return s.open() ? Next.GO_ON : Next.END;
        }

        private Optional<ChaosConfig.Fault> decide(ActionRun run) {
            Optional<ChaosInjector> chaos = run.runtime().services().chaos();
            if (chaos.isEmpty() || !chaos.get().chaos().hasWebSocketFaults()) {
                return Optional.empty();
            }
            return chaos.get().chaos().websocket(run.user().number(), run.user().nextChaosOrdinal(), spec.service(), spec.meter().name());
        }

        /**
         * The reconnect-burst fault: the user closes its socket and opens a new one, {@code count} times back to
         * back, as a client app stuck in a reconnect loop would. Every handshake of the burst is a {@code chaos}
         * request. The expected reaction is 101 to each (or a polite 429/503, which ends the burst).
         */
        private void burst(ActionRun run, Sockets.State s, ChaosConfig.Fault f) throws InterruptedException {
            String kind = f.kind().label;
            for (int i = 0; i < f.count(); i++) {
                Sockets.close(run, spec, s, false);
                WsTransport.Handshake h = Sockets.connect(run, spec, s, WireFault.marked(kind));
                if (!Reactions.expectedHandshake(h.status()) || h.session().isEmpty()) {
                    run.runtime().services().metrics().chaos().reacted(kind, Reactions.expectedHandshake(h.status()), h.status());
                    if (h.session().isEmpty()) {
                        s.failed(run.clock().nanoTime(), spec, run.user().rng());
                    }
                    return;
                }
            }
            run.runtime().services().metrics().chaos().reacted(kind, true, 101);
        }

        /** The socket is seen closed within this time: a dropped connection is torn down on the client library's threads. */
        private static boolean closedWithin(ActionRun run, WsSession ws, long nanos) throws InterruptedException {
            long until = run.clock().nanoTime() + nanos;
            while (ws.isOpen() && run.clock().nanoTime() < until) {
                run.clock().sleepUntil(Math.min(until, run.clock().nanoTime() + 5_000_000), () -> false);
            }
            return !ws.isOpen();
        }
    }

    /**
     * Waits for a frame whose fields equal the given values (received after this socket's last send), then
     * captures from it. A frame that does not come in time is a miss, counted as the failed check
     * {@code await <fields>} on the socket's endpoint; the action goes on.
     */
    record Await(String name, Sockets.Spec spec, String[] fields, Template[] values, long timeoutNanos, Capture[] captures,
                 CheckCounter counter) implements Step {
        @Override
        public Next run(ActionRun run) throws InterruptedException {
            if (!Sockets.ensureOpen(run, spec, name)) {
                return Next.END;
            }
            String[] want = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                want[i] = values[i].fill(run);
            }
            JsonNode frame = run.socket(spec).await(f -> {
                for (int i = 0; i < fields.length; i++) {
                    if (!f.path(fields[i]).asText("").equals(want[i])) {
                        return false;
                    }
                }
                return true;
            }, run.clock().nanoTime() + timeoutNanos, run.clock());
            // the user waited for the frame: a request after it is due when it goes, not at a time scheduled before the wait
            run.user().takeIntended();
            if (frame == null) {
                counter.failed();
                for (Capture c : captures) {
                    run.set(c.var(), null);
                }
                return Next.GO_ON;
            }
            counter.passed();
            for (Capture c : captures) {
                c.take(run, frame, new byte[0], dev.loadgen.protocol.Headers.NONE, true);
            }
            return Next.GO_ON;
        }
    }
}
