/**
 * Chaos: which request gets which injected fault (seeded, reproducible, per user and request ordinal),
 * what the client-side error faults do to bodies and tokens, and which reaction of the target each fault
 * expects. Carrying the faults out is the behaviours' job (bodies, tokens, headers, sockets) and the
 * protocol's (pauses, slow uploads, aborts on the wire); counting them is the metrics'.
 *
 * <p>May call: config. Called by behavior and cli.
 */
package dev.loadgen.chaos;
