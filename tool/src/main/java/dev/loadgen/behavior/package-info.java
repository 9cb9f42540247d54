/**
 * Runs a scenario (docs/scenarios.md): {@link dev.loadgen.behavior.Scenario} compiles the config's actions,
 * steps, templates, captures, checks, data files, pools, sockets and login into checked, executable form
 * before anything starts; {@link dev.loadgen.behavior.ScenarioRuntime} performs its actions for the users,
 * each user's values, cookies, connections and sockets in its {@link dev.loadgen.behavior.UserState}.
 * No code here knows any particular target's API: the demo app's users are a scenario file too.
 * Plug-ins add actions written in Java ({@link dev.loadgen.behavior.BehaviorProvider}). With chaos on, the
 * run's fault decisions are carried out on the users' requests and sockets ({@link dev.loadgen.behavior.ChaosInjector}).
 *
 * <p>May call: config, chaos, protocol, metrics, time.
 */
package dev.loadgen.behavior;
