package dev.loadgen.user;

import dev.loadgen.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Time moves only when a user waits; after {@code limit} waits it asks the user to stop. */
final class CountingClock implements Clock {
    long now;
    final int limit;
    final List<Long> waits = new ArrayList<>();

    CountingClock(int limit) {
        this.limit = limit;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean sleepUntil(long deadline, BooleanSupplier wakeEarly) {
        waits.add(deadline - now);
        now = Math.max(now, deadline);
        return waits.size() < limit;
    }
}
