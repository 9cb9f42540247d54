package dev.loadgen.engine;

/** What one simulated user does, on its own virtual thread, until it is done or asked to stop. */
@FunctionalInterface
public interface UserBody {
    void run(UserContext ctx) throws Exception;
}
