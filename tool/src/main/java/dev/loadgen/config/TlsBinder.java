package dev.loadgen.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code tls} ({@link TlsConfig}) over a parent's: a target's own {@code tls} keys win over those for all targets.
 * The files it names are read and checked here ({@link TlsMaterials}), so that a missing file, a key that is not the
 * certificate's or a wrong password is one line at the key that names it, before anything is sent.
 */
final class TlsBinder {
    private TlsBinder() {
    }

    static TlsConfig read(MapReader t, TlsConfig parent) {
        Map<String, Origin> origins = new HashMap<>();
        List<Path> ca = parent.ca();
        Optional<ConfigNode> caNode = t.node("ca");
        if (caNode.isPresent()) {
            List<ConfigNode> items = caNode.get() instanceof ConfigNode.Scalar s ? List.of(s) : t.list("ca");
            ca = new ArrayList<>();
            for (ConfigNode n : items) {
                if (!(n instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                    throw new ConfigException(n.origin(), t.key("ca") + " must be a PEM file, or a list of them");
                }
                origins.put("ca" + ca.size(), s.origin());
                ca.add(Scenarios.relative(s.text(), s.origin()));
            }
        }
        for (String k : List.of("cert", "key", "keystore", "password")) {
            t.scalar(k).ifPresent(s -> origins.put(k, s.origin()));
        }
        boolean trustSystem = t.bool("trust-system", parent.trustSystem());
        // a target's own client certificate replaces the one for all, in whichever form each is given
        Optional<Path> ownCert = path(t, "cert");
        Optional<Path> ownKey = path(t, "key");
        Optional<Path> ownKeystore = path(t, "keystore");
        boolean pemHere = ownCert.isPresent() || ownKey.isPresent();
        Optional<Path> cert = ownKeystore.isPresent() && !pemHere ? Optional.empty() : ownCert.or(parent::cert);
        Optional<Path> key = ownKeystore.isPresent() && !pemHere ? Optional.empty() : ownKey.or(parent::key);
        Optional<Path> keystore = pemHere && ownKeystore.isEmpty() ? Optional.empty() : ownKeystore.or(parent::keystore);
        Optional<String> password = t.string("password").or(parent::password);
        Optional<String> min = t.scalar("min-version").map(s -> minVersion(s, t.key("min-version"))).or(parent::minVersion);
        boolean insecure = t.bool("insecure-skip-verify", parent.insecureSkipVerify());
        t.finish();
        TlsConfig tls = new TlsConfig(ca, trustSystem, cert, key, keystore, password, min, insecure);
        if (!tls.equals(parent)) {
            try {
                TlsMaterials.load(tls);
            } catch (TlsMaterials.Invalid e) {
                String k = e.key().equals("ca") ? "ca" + e.index() : e.key();
                throw new ConfigException(origins.getOrDefault(k, t.origin()), t.key(e.key()) + ": " + e.getMessage());
            }
        }
        return tls;
    }

    /**
     * A target reached over TLS must trust some certificate: with {@code trust-system: false} it needs a {@code ca} of its own
     * (or the one for all targets), unless it skips verification.
     */
    static void checkTrust(TlsConfig tls, URI url, Origin origin, String key) {
        if (url.getScheme().equalsIgnoreCase("https") && !tls.trustSystem() && tls.ca().isEmpty() && !tls.insecureSkipVerify()) {
            throw new ConfigException(origin, key + ": " + url + " would trust no certificate: tls.trust-system is false and no tls.ca is "
                    + "given; add the CA that issued its certificate with ca: FILE.pem");
        }
    }

    /** {@code min-version} in the JDK's spelling: TLSv1.2 or TLSv1.3, also written 1.2, TLS1.3, tlsv1.3. */
    private static String minVersion(ConfigNode.Scalar s, String key) {
        String v = s.text().trim().toLowerCase(Locale.ROOT).replace("tlsv", "").replace("tls", "").strip();
        String canonical = "TLSv" + v;
        if (TlsConfig.VERSIONS.contains(canonical)) {
            return canonical;
        }
        if (v.equals("1") || v.equals("1.0") || v.equals("1.1")) {
            throw new ConfigException(s.origin(), key + ": '" + s.text() + "' is older than Java (and any current browser) will speak; "
                    + "write TLSv1.2 or TLSv1.3");
        }
        throw new ConfigException(s.origin(), key + ": '" + s.text() + "' is not a TLS version; write TLSv1.2 or TLSv1.3");
    }

    private static Optional<Path> path(MapReader t, String k) {
        return t.scalar(k).map(s -> {
            if (s.text().isBlank()) {
                throw new ConfigException(s.origin(), t.key(k) + " must name a file");
            }
            return Scenarios.relative(s.text(), s.origin());
        });
    }

    /**
     * The warning a run starts with when any target skips certificate verification: which targets, and what it means.
     * Empty when every target's certificates are verified.
     */
    static Optional<String> insecureWarning(TargetConfig target) {
        List<String> insecure = new ArrayList<>();
        target.services().keySet().stream().filter(name -> target.network(name).tls().insecureSkipVerify()).forEach(insecure::add);
        boolean all = target.network().tls().insecureSkipVerify();
        if (insecure.isEmpty() && !all) {
            return Optional.empty();
        }
        String which = all && insecure.size() == target.services().size() ? "every target" : String.join(", ", insecure);
        if (which.isEmpty()) {
            which = "target.tls";
        }
        return Optional.of("tls.insecure-skip-verify is on for " + which + ": certificates are not verified, so any server (or anyone "
                + "in between) is taken for the target; for test systems only (recorded in config.json)");
    }
}
