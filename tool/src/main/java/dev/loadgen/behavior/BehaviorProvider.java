package dev.loadgen.behavior;

import java.util.List;

/**
 * The plug-in point for behaviours of services other than the demo's: list the implementation in
 * {@code META-INF/services/dev.loadgen.behavior.BehaviorProvider} of a jar on loadgen's class path,
 * and its actions can be used in personas' flows and in {@code users.actions} like the built-in ones.
 * See docs/personas.md for a complete example.
 */
public interface BehaviorProvider {
    /** The behaviours to add, built on the run's shared services (transports, routes, world). */
    List<Behavior> behaviors(Services services);
}
