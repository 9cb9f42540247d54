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
     *  the environment's proxy (none, until the configuration is read with its environment), no compression asked for, no redirects followed. */
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
     * {@code proxy}: where requests go through (docs/network.md, "Proxies"). {@code ENV} takes the proxies of the environment
     * as curl does (https_proxy or HTTPS_PROXY for https and wss URLs, http_proxy for http and ws, all_proxy or ALL_PROXY for
     * either), read once when the configuration is; {@code NONE} goes direct; {@code URL} sends every scheme through the
     * proxy written. A host that {@code noProxy} (the configuration's {@code no-proxy} and the environment's no_proxy or
     * NO_PROXY) names is reached directly.
     *
     * @param https the proxy for https and wss URLs
     * @param http  the proxy for http and ws URLs
     */
    public record Proxy(Mode mode, Optional<URI> https, Optional<URI> http, List<String> noProxy) {
        /** The environment's proxies, in an environment that names none. */
        public static final Proxy ENV = new Proxy(Mode.ENV, Optional.empty(), Optional.empty(), List.of());
        public static final Proxy NONE = new Proxy(Mode.NONE, Optional.empty(), Optional.empty(), List.of());

        public enum Mode { ENV, NONE, URL }

        public Proxy {
            noProxy = List.copyOf(noProxy);
        }

        /** Every URL through the proxy at {@code url}, except to the hosts {@code noProxy} names. */
        public static Proxy of(URI url, List<String> noProxy) {
            return new Proxy(Mode.URL, Optional.of(url), Optional.of(url), noProxy);
        }

        /** The proxy for URLs of {@code scheme} (http, https, ws, wss), before {@code noProxy} is looked at. */
        public Optional<URI> forScheme(String scheme) {
            String s = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
            return s.equals("https") || s.equals("wss") ? https : http;
        }
    }

    public NetworkConfig withTls(TlsConfig t) {
        return new NetworkConfig(t, http, proxy, compression, redirects);
    }

    public NetworkConfig withProxy(Proxy p) {
        return new NetworkConfig(tls, http, p, compression, redirects);
    }
}
