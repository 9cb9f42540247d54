package dev.loadgen.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code tls}: which certificates a target's are verified against ({@code ca} PEM files, in addition to the system's
 * unless {@code trust-system: false}), the client certificate for mutual TLS ({@code cert} and {@code key} PEM files, or
 * a PKCS#12 {@code keystore} with its {@code password}), the lowest protocol version accepted, and the explicit opt-in
 * to skip verification.
 */
public record TlsConfig(List<Path> ca, boolean trustSystem, Optional<Path> cert, Optional<Path> key, Optional<Path> keystore,
                        Optional<String> password, Optional<String> minVersion, boolean insecureSkipVerify) {
    public static final TlsConfig DEFAULT = new TlsConfig(List.of(), true, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), false);

    /** The versions {@code min-version} takes, oldest first: what Java and current browsers speak. */
    public static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    public TlsConfig {
        ca = List.copyOf(ca);
    }

    /** The protocol versions offered: {@code min-version} and those above it; empty for the JVM's own choice. */
    public List<String> protocols() {
        return minVersion().map(min -> VERSIONS.subList(VERSIONS.indexOf(min), VERSIONS.size()).reversed()).orElse(List.of());
    }
}
