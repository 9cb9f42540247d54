/**
 * Behaviours: one class per service of the target ({@link dev.loadgen.behavior.AuthBehavior},
 * {@link dev.loadgen.behavior.UsersBehavior}, {@link dev.loadgen.behavior.PostsBehavior},
 * {@link dev.loadgen.behavior.ChatBehavior}) plus {@link dev.loadgen.behavior.HttpRequestBehavior} for
 * requests declared in YAML. This is the only code that knows the target's API: routes, bodies, what a
 * response means. It also holds the state those actions need: each user's {@link dev.loadgen.behavior.UserSession}
 * and the {@link dev.loadgen.behavior.World} the users share. With chaos on, it carries the run's fault
 * decisions out on the users' requests and sockets ({@link dev.loadgen.behavior.ChaosInjector}).
 *
 * <p>May call: config, chaos, protocol, metrics.
 */
package dev.loadgen.behavior;
