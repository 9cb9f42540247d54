package dev.loadgen.protocol;

import dev.loadgen.config.TlsConfig;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The TLS set-up of a client from {@code tls} (owner: the TLS work of issue 17; for now only the default and insecure-skip-verify). */
final class TlsContexts {
    private TlsContexts() {
    }

    static SslContextFactory.Client client(TlsConfig tls) {
        SslContextFactory.Client f = new SslContextFactory.Client(tls.insecureSkipVerify());
        if (!tls.insecureSkipVerify()) {
            f.setEndpointIdentificationAlgorithm("HTTPS");
        }
        return f;
    }
}
