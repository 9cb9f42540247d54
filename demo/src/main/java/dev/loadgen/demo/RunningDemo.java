package dev.loadgen.demo;

import dev.loadgen.demo.shared.ServedCount;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The four demo services started by {@link Demo#start}. Closing stops all of them. */
public final class RunningDemo implements AutoCloseable {
    private final Map<ServiceName, RunningService> services;

    RunningDemo(Map<ServiceName, RunningService> services) {
        this.services = new EnumMap<>(services);
    }

    public URI authUrl() {
        return service(ServiceName.AUTH).url();
    }

    public URI usersUrl() {
        return service(ServiceName.USERS).url();
    }

    public URI postsUrl() {
        return service(ServiceName.POSTS).url();
    }

    public URI chatUrl() {
        return service(ServiceName.CHAT).url();
    }

    public RunningService service(ServiceName name) {
        return services.get(name);
    }

    /** All four, in the order auth, users, posts, chat. */
    public List<RunningService> services() {
        return List.copyOf(services.values());
    }

    /** What one service served so far, per (method, route template, status). */
    public List<ServedCount> served(ServiceName name) {
        return service(name).served();
    }

    /** Exports every service's ended spans now. */
    public void flushTraces() {
        services.values().forEach(RunningService::flushTraces);
    }

    /** Stops chat, posts, auth, then users: callers before the services they call. */
    @Override
    public void close() {
        for (ServiceName n : List.of(ServiceName.CHAT, ServiceName.POSTS, ServiceName.AUTH, ServiceName.USERS)) {
            services.get(n).close();
        }
    }
}
