package dev.loadgen.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@code tls} ({@link TlsConfig}) over a parent's: a target's own {@code tls} keys win over those for all targets. */
final class TlsBinder {
    private TlsBinder() {
    }

    static TlsConfig read(MapReader t, TlsConfig parent) {
        List<Path> ca = parent.ca();
        Optional<ConfigNode> caNode = t.node("ca");
        if (caNode.isPresent()) {
            List<ConfigNode> items = caNode.get() instanceof ConfigNode.Scalar s ? List.of(s) : t.list("ca");
            ca = new ArrayList<>();
            for (ConfigNode n : items) {
                if (!(n instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                    throw new ConfigException(n.origin(), t.key("ca") + " must be a PEM file, or a list of them");
                }
                ca.add(Scenarios.relative(s.text(), s.origin()));
            }
        }
        boolean trustSystem = t.bool("trust-system", parent.trustSystem());
        Optional<Path> cert = path(t, "cert").or(parent::cert);
        Optional<Path> key = path(t, "key").or(parent::key);
        Optional<Path> keystore = path(t, "keystore").or(parent::keystore);
        Optional<String> password = t.string("password").or(parent::password);
        Optional<String> min = t.string("min-version").or(parent::minVersion);
        boolean insecure = t.bool("insecure-skip-verify", parent.insecureSkipVerify());
        t.finish();
        return new TlsConfig(ca, trustSystem, cert, key, keystore, password, min, insecure);
    }

    private static Optional<Path> path(MapReader t, String k) {
        return t.scalar(k).map(s -> Scenarios.relative(s.text(), s.origin()));
    }
}
