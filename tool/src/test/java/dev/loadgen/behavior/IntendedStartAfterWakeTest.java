package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.engine.UserBody;
import dev.loadgen.engine.UserContext;
import dev.loadgen.engine.WakerAccess;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.time.Clock;
import dev.loadgen.user.Personas;
import dev.loadgen.user.SimulatedUsers;
import dev.loadgen.user.ThinkTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A user that the engine resumes a little after its think time ends, together with others, takes the time the engine
 * meant it to go on at as its next request's intended start: the gathering is part of its schedule, not lateness that
 * its latency from the intended start would count.
 */
class IntendedStartAfterWakeTest {
    private static final long MS = 1_000_000L;

    /** One action, {@code work}, that records the intended start its request would carry. */
    private static final class Recording implements Behavior {
        final List<Long> intended = new ArrayList<>();

        @Override
        public List<Action> actions() {
            return List.of(new Action("work"));
        }

        @Override
        public void perform(Action action, UserState session) {
            intended.add(session.takeIntended());
        }
    }

    /** Time moves only when the test says. */
    private static final class HandClock implements Clock {
        long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public boolean sleepUntil(long deadlineNanos, BooleanSupplier wakeEarly) {
            throw new AssertionError("a stepped user does not sleep between actions");
        }
    }

    @Test
    void the_time_the_engine_meant_is_the_next_requests_intended_start() throws Exception {
        // one persona that does "work" and thinks 1 s after it
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of("scenario=none", "users.account=none", "users.think=1s",
                "users.actions={work: 1}"), List.of(), k -> null, () -> 1L);
        Recording behavior = new Recording();
        Catalogue catalogue = Catalogue.of(List.of(behavior));
        SimulatedUsers users = new SimulatedUsers(catalogue, Personas.of(config.population(), catalogue),
                ThinkTimes.of(config.population().gap()), new UserCounters(), 42);
        HandClock clock = new HandClock();
        clock.now = 5 * MS;
        UserContext ctx = new UserContext(1, 5 * MS, false, clock);
        UserBody.Journey journey = users.begin(ctx);

        long wake = journey.step();
        assertThat(behavior.intended).as("the first action, at the user's start").containsExactly(5 * MS);
        assertThat(wake).isGreaterThan(5 * MS);

        // resumed 3 ms after its think ended, as meant 2 ms after it: 1 ms late
        clock.now = wake + 3 * MS;
        WakerAccess.wokenFor(ctx, wake + 2 * MS);
        long next = journey.step();
        assertThat(behavior.intended).containsExactly(5 * MS, wake + 2 * MS);

        // resumed on time: the think's end, as before
        clock.now = next;
        WakerAccess.wokenFor(ctx, next);
        journey.step();
        assertThat(behavior.intended).containsExactly(5 * MS, wake + 2 * MS, next);
    }

    /**
     * An action whose last step scheduled a request it never sent (a text typed, then sent over a socket) leaves that
     * time behind; the logout at the session's end is due when the user went on after its think, not then, or its lag
     * would count the whole think (seen as seconds of lag on POST /auth/logout after the chatter's chat.talk).
     */
    @Test
    void the_logout_is_due_when_the_user_went_on_not_at_a_time_an_action_left_behind() throws Exception {
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of("scenario=none", "users.account=none", "users.think=1s",
                "users.actions={type: 1}"), List.of(), k -> null, () -> 1L);
        HandClock clock = new HandClock();
        List<Long> logouts = new ArrayList<>();
        Behavior typist = new Behavior() {
            @Override
            public List<Action> actions() {
                return List.of(new Action("type"));
            }

            @Override
            public void perform(Action action, UserState session) {
                session.scheduleNext(clock.now + 2 * MS); // typing ended 2 ms in; what was typed goes out on a socket
            }

            @Override
            public void endSession(UserState user, boolean graceful) {
                logouts.add(user.takeIntended());
            }
        };
        Catalogue catalogue = Catalogue.of(List.of(typist));
        SimulatedUsers users = new SimulatedUsers(catalogue, Personas.of(config.population(), catalogue),
                ThinkTimes.of(config.population().gap()), new UserCounters(), 42);
        clock.now = 5 * MS;
        UserContext ctx = new UserContext(1, 5 * MS, false, clock);
        UserBody.Journey journey = users.begin(ctx);
        long wake = journey.step();
        assertThat(wake).isGreaterThan(7 * MS);

        // told to stop during its think: it goes on when its think ends, and logs out then
        WakerAccess.stop(ctx);
        clock.now = wake;
        WakerAccess.wokenFor(ctx, wake);
        journey.step();
        assertThat(logouts).containsExactly(wake);
    }
}
