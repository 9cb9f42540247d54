package dev.loadgen.behavior;

import java.util.List;

/**
 * The plug-in point for what a scenario file cannot say: list the implementation in
 * {@code META-INF/services/dev.loadgen.behavior.BehaviorProvider} of a jar on loadgen's class path, and its
 * actions can be used in personas' flows and in {@code users.actions} like the scenario's own.
 * See docs/personas.md for a complete example.
 */
public interface BehaviorProvider {
    /** The behaviours to add, built on what the run gives plug-ins (endpoints, targets, sending with the user's login). */
    List<Behavior> behaviors(PluginContext context);
}
