/**
 * The simulated human: a sequential program, run a step at a time (on a virtual thread while it acts, on none
 * while it thinks; {@link dev.loadgen.engine.UserBody.Stepped}), that signs in, runs sessions of
 * actions chosen by an {@link dev.loadgen.user.ActionPolicy}, thinks between them for a time drawn from a
 * {@link dev.loadgen.user.ThinkTime}, and leaves. Every random choice comes from the user's own generator,
 * derived from the run's seed and the user's number, so a seed reproduces each user's decisions. With
 * tracing on, each action is the root span of its own trace.
 *
 * <p>May call: config, engine (as a {@link dev.loadgen.engine.UserBody}), behavior, metrics, tracing.
 */
package dev.loadgen.user;
