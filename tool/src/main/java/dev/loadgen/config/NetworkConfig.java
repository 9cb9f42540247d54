package dev.loadgen.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How loadgen reaches one target over the network (docs/network.md): TLS, the HTTP version, a proxy,
 * compression and redirects. Set for all targets under {@code target}, and per target when a service is
 * written as a map ({@code auth: {url: https://…, http: 2}}), whose keys win over the ones for all.
 */
public record NetworkConfig(TlsConfig tls, Http http, Proxy proxy, boolean compression, int redirects) {
    /** Browser-like: certificates verified against the system's CAs, h2 when a TLS server offers it, HTTP/1.1 in clear,
     *  the proxy of HTTPS_PROXY/HTTP_PROXY/NO_PROXY, no compression asked for, no redirects followed. */
    public static final NetworkConfig DEFAULT = new NetworkConfig(TlsConfig.DEFAULT, Http.AUTO, Proxy.ENV, false, 0);
    /** Redirects followed when {@code redirects: true}. */
    public static final int DEFAULT_REDIRECTS = 10;

    /** {@code http}: the HTTP version to speak. */
    public enum Http {
        /** HTTP/1.1 only. */
        H1("1.1"),
        /** HTTP/2 only: by ALPN over TLS, with prior knowledge (h2c) in clear. */
        H2("2"),
        /** What the server offers by ALPN over TLS (h2 first); HTTP/1.1 in clear. */
        AUTO("auto");

        public final String label;

        Http(String label) {
            this.label = label;
        }

        public static Optional<Http> of(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Http h : values()) {
                if (h.label.equals(t) || t.equals("http/" + h.label)) {
                    return Optional.of(h);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code proxy}: where requests go through. {@code ENV} reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and their lower-case
     * forms) as curl does; {@code NONE} goes direct; otherwise the proxy at {@code url}, bypassed for {@code noProxy}.
     */
    public record Proxy(Mode mode, Optional<URI> url, List<String> noProxy) {
        public static final Proxy ENV = new Proxy(Mode.ENV, Optional.empty(), List.of());
        public static final Proxy NONE = new Proxy(Mode.NONE, Optional.empty(), List.of());

        public enum Mode { ENV, NONE, URL }

        public Proxy {
            noProxy = List.copyOf(noProxy);
        }
    }

    public NetworkConfig withTls(TlsConfig t) {
        return new NetworkConfig(t, http, proxy, compression, redirects);
    }
}
