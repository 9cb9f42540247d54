package dev.loadgen.dashboard;

import dev.loadgen.engine.LoadControl;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A closed-model load that remembers what it was asked, and refuses what the engine refuses. */
final class FakeLoad implements LoadControl {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile double target = 5;
    volatile Phase phase = Phase.RUNNING;

    @Override
    public Status status() {
        return new Status(Model.CLOSED, target, (int) target, phase);
    }

    @Override
    public void setUsers(int users, Duration over) {
        if (users < 0 || over.isNegative()) {
            throw new IllegalArgumentException("users and the time to reach them must be 0 or more");
        }
        if (phase != Phase.RUNNING) {
            throw new IllegalStateException("the load has ended; nothing left to change");
        }
        calls.add("users " + users + " over " + over.toMillis() + "ms");
        target = users;
    }

    @Override
    public void setRate(double perSecond, Duration over) {
        throw new IllegalStateException("this run uses the closed model (a number of users): change the users, not the rate");
    }

    @Override
    public void stop() {
        calls.add("stop");
        phase = Phase.STOPPING;
    }
}
