/**
 * The command line: {@code loadgen} (run, the default), {@code loadgen demo}. Parses flags into config
 * overrides, wires config, engine, users, behaviours, protocol, metrics and report together for one run,
 * handles Ctrl-C, and maps the result to an exit code (DESIGN.md §1).
 *
 * <p>May call everything; nothing calls it.
 */
package dev.loadgen.cli;
