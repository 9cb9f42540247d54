package dev.loadgen.cli;

import picocli.CommandLine;

/** The version, from the jar's build (one place: the Maven project version). */
final class Version implements CommandLine.IVersionProvider {
    static final String VERSION = readVersion();

    private static String readVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"loadgen " + VERSION};
    }
}
