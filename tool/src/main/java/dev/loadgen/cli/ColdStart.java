package dev.loadgen.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Work a fresh JVM would do on the way to a run's first request that loadgen can spare it (issue 18, goal 3: the first
 * request under a second after the launch).
 */
final class ColdStart {
    /** Jetty's system property: how many object references fill a CPU cache line (the padding of its queues). */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private ColdStart() {}

    /**
     * Jetty's first thread pool asks whether references are compressed through the platform MBean server, and starting
     * that server took a tenth of a second of the start (a profile of {@code --url} runs with the AOT cache). The
     * diagnostic bean answers the same question without it; a value the user set is kept. Called first thing in
     * {@link Main#main}.
     */
    static void tellJettyTheReferenceSize() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) != null) {
            return;
        }
        vmOption("UseCompressedOops").ifPresent(compressed -> {
            int lineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
            int referenceBytes = Boolean.parseBoolean(compressed) ? Integer.BYTES : Long.BYTES;
            System.setProperty(REFERENCES_PER_CACHE_LINE, Integer.toString(lineBytes / referenceBytes));
        });
    }

    /** A HotSpot flag's value, from the diagnostic bean rather than the platform MBean server; empty on another JVM. */
    static Optional<String> vmOption(String name) {
        try {
            return Optional.of(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
