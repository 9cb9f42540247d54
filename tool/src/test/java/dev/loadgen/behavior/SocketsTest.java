package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The WebSocket steps on a fake socket, in virtual time: open once per session, await, groups, a stall injected. */
class SocketsTest {
    private static final String SCENARIO = """
            target: {chat: "http://127.0.0.1:9"}
            users: {account: none, actions: {join: 1}}
            sockets:
              chat:
                url: chat /ws
                keep: session
                track: {id: clientId, group: room, joined: {type: joined}, leave: {type: leave, room: "${group}"}, timeout: 10s}
            actions:
              join:
                - ws-send: chat
                  json: {type: join, room: r1}
                - ws-await: chat
                  match: {type: joined, room: r1}
                  timeout: 2s
                  capture: {members: $.members}
              talk:
                - pick: room
                  from: chat.groups
                - ws-send: chat
                  json: {type: message, room: "${room}", clientId: "${message.id}"}
            """;

    @Test
    void a_socket_opens_once_a_frame_is_awaited_and_a_joined_group_can_be_picked() throws Exception {
        FakeSockets sockets = new FakeSockets();
        Harness h = Harness.of(SCENARIO.replace("{join: 1}", "{join: 1, talk: 1}"), new FakeTarget(c -> null), Optional.of(sockets));
        UserState u = h.user(1);
        sockets.replies = f -> f.contains("\"join\"") ? Optional.of("{\"type\": \"joined\", \"room\": \"r1\", \"members\": 3}") : Optional.empty();
        h.perform("join", u);
        assertThat(u.sockets[0].groups).containsExactly("r1");
        h.perform("talk", u);
        assertThat(h.skips()).isEmpty();
        assertThat(sockets.opened).hasSize(1).first().hasToString("ws://127.0.0.1:9/ws");
        assertThat(sockets.sent).containsExactly("{\"type\":\"join\",\"room\":\"r1\"}", "{\"type\":\"message\",\"room\":\"r1\",\"clientId\":\"1-1\"}");
        assertThat(h.metrics.endpoints().getFirst().checks().get("await type=joined, room=r1").passedCount()).isEqualTo(1);
        h.runtime.endSession(u, true);
        assertThat(sockets.sent).last().isEqualTo("{\"type\":\"leave\",\"room\":\"r1\"}");
        assertThat(sockets.open).isFalse();
    }

    /**
     * A time the user's schedule set (a text typed) is for the frame that carries it; a request after a wait later in the
     * action is due when it goes, or its generator lag would count the wait.
     */
    @Test
    void a_request_after_a_socket_send_and_an_await_is_due_when_it_goes_not_at_the_time_scheduled_before() throws Exception {
        FakeSockets sockets = new FakeSockets();
        FakeTarget target = new FakeTarget(c -> FakeTarget.Answer.json(200, "{}"));
        String scenario = SCENARIO.replace("{join: 1}", "{join: 1, say: 1}") + """
                  say:
                    - ws-send: chat
                      json: {type: message, room: r1, clientId: "${message.id}"}
                    - ws-await: chat
                      match: {type: read, room: r1}
                      timeout: 2s
                    - request: GET chat /after
                """;
        Harness h = Harness.of(scenario, target, Optional.of(sockets));
        UserState u = h.user(1);
        h.perform("join", u); // the socket is open
        long typed = h.clock.nanoTime();
        u.scheduleNext(typed); // as a text typed by then
        h.perform("say", u);
        assertThat(target.sent).hasSize(1);
        assertThat(target.sent.getFirst().intendedStartNanos()).as("due after the 2 s await").isGreaterThanOrEqualTo(typed + 2_000_000_000L);
    }

    @Test
    void a_frame_that_does_not_come_is_a_counted_miss_in_virtual_time() throws Exception {
        Harness h = Harness.of(SCENARIO, new FakeTarget(c -> null), Optional.of(new FakeSockets()));
        long before = h.clock.nanoTime();
        h.perform("join", h.user(1));
        assertThat(h.metrics.endpoints().getFirst().checks().get("await type=joined, room=r1").failedCount()).isEqualTo(1);
        assertThat(h.clock.nanoTime() - before).isGreaterThanOrEqualTo(2_000_000_000L);
    }

    @Test
    void an_injected_stall_keeps_the_socket_silent_for_its_delay_on_the_runs_clock() throws Exception {
        FakeSockets sockets = new FakeSockets();
        String chaos = SCENARIO + """
                chaos:
                  faults:
                    ws-stall: {probability: 1.0, delay: 30s}
                """;
        Harness h = Harness.of(chaos.replace("- ws-await: chat", "- pause: 0s\n    - ws-await: chat").replace("timeout: 2s", "timeout: 1ms"),
                new FakeTarget(c -> null), Optional.of(sockets));
        long before = h.clock.nanoTime();
        h.perform("join", h.user(1));
        assertThat(h.clock.nanoTime() - before).isGreaterThanOrEqualTo(30_000_000_000L);
        assertThat(h.metrics.chaos().byKind()).containsEntry("ws-stall", 1L);
        assertThat(h.metrics.chaos().reactions().get("ws-stall").expected()).isEqualTo(1);
        assertThat(h.metrics.chaos().reactions().get("ws-stall").unexpected()).isZero();
    }

    @Test
    void a_socket_that_the_server_drops_during_a_stall_is_an_unexpected_reaction_and_ends_the_action() throws Exception {
        FakeSockets sockets = new FakeSockets();
        sockets.dropsAfter = f -> f.contains("\"join\"");
        sockets.replies = f -> Optional.of("{\"type\": \"joined\", \"room\": \"r1\", \"members\": 3}");
        String chaos = SCENARIO + """
                chaos:
                  faults:
                    ws-stall: {probability: 1.0, delay: 30s}
                """;
        Harness h = Harness.of(chaos, new FakeTarget(c -> null), Optional.of(sockets));
        long before = h.clock.nanoTime();
        h.perform("join", h.user(1));
        assertThat(h.clock.nanoTime() - before).as("the stall is waited out all the same").isGreaterThanOrEqualTo(30_000_000_000L);
        assertThat(h.metrics.chaos().byKind()).containsEntry("ws-stall", 1L);
        var reactions = h.metrics.chaos().reactions().get("ws-stall");
        assertThat(reactions.expected()).isZero();
        assertThat(reactions.unexpected()).isEqualTo(1);
        assertThat(reactions.unexpectedByStatus()).as("no status: the socket was gone").containsExactly(java.util.Map.entry(0, 1L));
        // the socket is closed: the action ends after its first frame, and its await never runs
        assertThat(sockets.sent).hasSize(1);
        var await = h.metrics.endpoints().getFirst().checks().get("await type=joined, room=r1");
        assertThat(await.passedCount() + await.failedCount()).isZero();
    }
}
