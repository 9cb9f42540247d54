package dev.loadgen.engine;

import dev.loadgen.config.LoadProfile;
import dev.loadgen.config.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * The closed model as a pure sequence of user starts and stops.
 *
 * <p>The stages define a target user count u(t), piecewise linear from 0 (a stage of zero duration is a
 * jump). User k (from 1) starts when u(t) first rises above k-1, and stops when u(t) falls back to k-1 or
 * below, last started first stopped. Within a stage going from a to b over d, the level L is crossed at
 * t0 + d·(L − a)/(b − a). So a ramp from 0 to 10 users over 1 s starts users at 0, 0.1, …, 0.9 s, and a
 * ramp down from 10 to 0 over 10 s stops user 10 at 1 s, …, user 1 at 10 s. Users still running when the
 * stages end are stopped by the engine's graceful stop, not by this schedule.
 *
 * <p>Segment i/n keeps the events of the users it owns (dealt round-robin by number), so n instances
 * together run exactly the users of one big run, at the same times.
 */
public final class ClosedSchedule {
    private ClosedSchedule() {}

    public static List<UserEvent> of(LoadProfile.Closed profile) {
        return of(profile.stages(), profile.segment());
    }

    static List<UserEvent> of(List<LoadProfile.Stage> stages, Segment segment) {
        return from(0, stages, segment);
    }

    /**
     * The schedule of {@code stages} starting with users 1 to {@code running} already started, as a live
     * change re-plans it: the first stage goes from that level, new users are numbered from
     * {@code running + 1}, and a lower target stops users from number {@code running} down.
     */
    static List<UserEvent> from(long running, List<LoadProfile.Stage> stages, Segment segment) {
        List<UserEvent> out = new ArrayList<>();
        long active = running;
        double level = running;
        long t0 = 0;
        for (LoadProfile.Stage stage : stages) {
            long d = stage.duration().toNanos();
            double a = level;
            double b = Math.floor(stage.target());
            while (active < b) {
                double crossing = active;
                long at = t0 + (d == 0 || crossing <= a ? 0 : Math.round(d * (crossing - a) / (b - a)));
                active++;
                add(out, segment, at, active, UserEvent.Kind.START);
            }
            while (active > b) {
                double crossing = active - 1;
                long at = t0 + (d == 0 || crossing >= a ? 0 : Math.round(d * (a - crossing) / (a - b)));
                add(out, segment, at, active, UserEvent.Kind.STOP);
                active--;
            }
            level = b;
            t0 += d;
        }
        return out;
    }

    private static void add(List<UserEvent> out, Segment segment, long at, long user, UserEvent.Kind kind) {
        if (segment.owns(user - 1)) {
            out.add(new UserEvent(at, user, kind));
        }
    }
}
