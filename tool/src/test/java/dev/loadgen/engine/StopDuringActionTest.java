package dev.loadgen.engine;

import dev.loadgen.time.Clock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.Catalogue;
import dev.loadgen.behavior.UserState;
import dev.loadgen.config.ConfigLoader;
import dev.loadgen.config.RunConfig;
import dev.loadgen.metrics.UserCounters;
import dev.loadgen.user.Personas;
import dev.loadgen.user.SimulatedUsers;
import dev.loadgen.user.ThinkTimes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A stop request reaches a user while it types inside an action, also when a user who thinks runs that
 * action on a thread of its own: the typing ends early and the user leaves without waiting it out.
 */
class StopDuringActionTest {
    @Test
    void a_stop_request_cuts_short_the_typing_of_an_action_run_apart() throws InterruptedException {
        CountDownLatch typing = new CountDownLatch(1);
        AtomicLong composed = new AtomicLong(Long.MIN_VALUE);
        Behavior typist = new Behavior() {
            @Override
            public List<Action> actions() {
                return List.of(new Action("posts.create"));
            }

            @Override
            public void perform(Action action, UserState session) throws InterruptedException {
                typing.countDown();
                composed.set(session.pacer().compose(100)); // 100 characters at 1 a second
            }
        };
        RunConfig config = ConfigLoader.load(Optional.empty(), List.of(
                "users.mix={typist: 1}",
                "personas.typist={think: 5s, typing: {chars-per-second: 1, jitter: 0}, flow: {start: {posts.create: 1}, posts.create: {posts.create: 0.9, end: 0.1}}}"),
                List.of(), k -> null, () -> 1L);
        Catalogue catalogue = Catalogue.of(List.of(typist));
        SimulatedUsers users = new SimulatedUsers(catalogue, Personas.of(config.population(), catalogue),
                ThinkTimes.constant(Duration.ofSeconds(1)), new UserCounters(), 3);
        UserContext ctx = new UserContext(1, System.nanoTime(), false, Clock.SYSTEM);
        Thread user = Thread.ofVirtual().unstarted(() -> {
            try {
                users.run(ctx);
            } catch (InterruptedException e) {
                throw new AssertionError("a stop request is not an interrupt", e);
            }
        });
        ctx.bind(user);
        user.start();
        assertThat(typing.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        long asked = System.nanoTime();
        ctx.requestStop();
        assertThat(user.join(Duration.ofSeconds(10))).as("the user left").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
        assertThat(composed.get()).as("compose says the user stopped typing").isEqualTo(-1);
    }
}
