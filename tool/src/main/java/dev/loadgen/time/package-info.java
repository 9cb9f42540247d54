/**
 * Time as the run sees it: {@link dev.loadgen.time.Clock}, real ({@link dev.loadgen.time.Clock#SYSTEM}) or
 * virtual in tests. Everything that measures or waits below the command line takes one, so the engine's
 * schedules, the users' pauses, token lifetimes, reconnect backoff, delivery timeouts and the transports'
 * timings can all be tested in virtual time.
 *
 * <p>May call: nothing of loadgen's. Every package may call it.
 */
package dev.loadgen.time;
