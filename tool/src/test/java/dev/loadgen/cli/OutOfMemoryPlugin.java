package dev.loadgen.cli;

import dev.loadgen.behavior.Action;
import dev.loadgen.behavior.Behavior;
import dev.loadgen.behavior.BehaviorProvider;
import dev.loadgen.behavior.PluginContext;
import dev.loadgen.behavior.UserState;
import dev.loadgen.metrics.EndpointMeter;
import dev.loadgen.protocol.HttpCall;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plug-in for {@link InternalFailureIT}, there only when a run names a target {@code oom}: its action
 * {@code oom.fetch} GETs that target, and the {@value #FAIL_AT}th call throws {@link OutOfMemoryError} as the JVM
 * would, in a user's thread in the middle of the load.
 */
public final class OutOfMemoryPlugin implements BehaviorProvider {
    static final int FAIL_AT = 40;

    @Override
    public List<Behavior> behaviors(PluginContext context) {
        return context.target("oom").map(url -> List.<Behavior>of(new Fetch(context, url))).orElse(List.of());
    }

    private static final class Fetch implements Behavior {
        private final PluginContext context;
        private final URI url;
        private final EndpointMeter meter;
        private final AtomicLong calls = new AtomicLong();

        Fetch(PluginContext context, URI base) {
            this.context = context;
            this.url = base.resolve("/fetch");
            this.meter = context.endpoint("oom", "GET /fetch", "GET");
        }

        @Override
        public List<Action> actions() {
            return List.of(new Action("oom.fetch"));
        }

        @Override
        public void perform(Action action, UserState user) throws InterruptedException {
            if (calls.incrementAndGet() == FAIL_AT) {
                throw new OutOfMemoryError("Java heap space, thrown by a test plug-in");
            }
            context.send(user, new HttpCall(meter, "GET", url, HttpCall.NO_HEADERS, HttpCall.NO_BODY, HttpCall.ANY_SUCCESS, 0), false);
        }
    }
}
