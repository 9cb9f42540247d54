/**
 * The scheduler: turns a {@link dev.loadgen.config.LoadProfile} into users started and stopped at the
 * right times. The load models are pure functions of the configuration ({@link ClosedSchedule},
 * {@link RateCurve}, {@link Arrivals}) tested as sequences; {@link Engine} walks them on a
 * {@link dev.loadgen.time.Clock}, one virtual thread per simulated user, so that the runtime is tested in virtual time.
 *
 * <p>May call: config, time. Knows nothing of what a user does: it starts a {@link UserBody} and asks it to stop.
 */
package dev.loadgen.engine;
