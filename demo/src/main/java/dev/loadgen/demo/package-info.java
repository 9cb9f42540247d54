/**
 * The demo app, the system under test of loadgen: four small services (auth, users, posts,
 * chat), each its own Jetty server on its own port. This package is the way in: {@link
 * dev.loadgen.demo.Demo} starts all four or one ({@link dev.loadgen.demo.DemoSettings} says
 * how), {@link dev.loadgen.demo.RunningDemo} and {@link dev.loadgen.demo.RunningService} report
 * their URLs and what they served, and {@link dev.loadgen.demo.DemoCommand} is
 * {@code loadgen demo}.
 *
 * <p>It wires the service packages together; they depend only on {@code shared}, never on each
 * other, and talk to one another over HTTP as separate deployments would.
 */
package dev.loadgen.demo;
