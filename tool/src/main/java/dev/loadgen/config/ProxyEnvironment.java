package dev.loadgen.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The proxies of the environment, read as curl reads them, and the {@code proxy} settings completed with them:
 * <ul>
 *   <li>https and wss URLs: {@code https_proxy}, else {@code HTTPS_PROXY};</li>
 *   <li>http and ws URLs: {@code http_proxy} only. curl never reads {@code HTTP_PROXY}: a CGI program finds a request's
 *       {@code Proxy:} header there, so a client that trusted it could be sent through an attacker's proxy;</li>
 *   <li>either, when its own is not set: {@code all_proxy}, else {@code ALL_PROXY};</li>
 *   <li>the hosts reached directly: {@code no_proxy}, else {@code NO_PROXY}, a comma-separated list. It counts with a proxy
 *       written in the configuration too, as it does with curl's {@code --proxy}.</li>
 * </ul>
 * A variable set to nothing is not set. Read once, with the configuration, so that a test gives its own environment.
 */
final class ProxyEnvironment {
    private ProxyEnvironment() {}

    /** {@code proxy} with the environment's proxies (mode {@code env}) and its no_proxy (any mode but {@code none}). */
    static NetworkConfig.Proxy resolve(NetworkConfig.Proxy proxy, Function<String, String> env) {
        return switch (proxy.mode()) {
            case NONE -> proxy;
            case URL -> new NetworkConfig.Proxy(proxy.mode(), proxy.https(), proxy.http(), noProxy(proxy.noProxy(), env));
            case ENV -> {
                Optional<URI> all = url(env, "all_proxy", "ALL_PROXY");
                Optional<URI> https = url(env, "https_proxy", "HTTPS_PROXY").or(() -> all);
                Optional<URI> http = url(env, "http_proxy").or(() -> all);
                yield new NetworkConfig.Proxy(proxy.mode(), https, http, noProxy(proxy.noProxy(), env));
            }
        };
    }

    static NetworkConfig resolve(NetworkConfig network, Function<String, String> env) {
        NetworkConfig.Proxy p = resolve(network.proxy(), env);
        return p.equals(network.proxy()) ? network : network.withProxy(p);
    }

    private static Optional<URI> url(Function<String, String> env, String... names) {
        return OtelEnv.value(env, names).map(v -> {
            String text = v.value();
            String scheme = text.contains("://") ? text.substring(0, text.indexOf("://")).toLowerCase(Locale.ROOT) : "http";
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(v.origin(), "a " + scheme + ":// proxy, which loadgen does not speak (http:// and https:// "
                        + "proxies only); set target.proxy: none to go direct, or target.proxy to an http:// proxy");
            }
            return NetworkBinder.proxyUrl(text, v.origin(), "");
        });
    }

    /** The configuration's hosts, then the environment's, each once. */
    private static List<String> noProxy(List<String> configured, Function<String, String> env) {
        LinkedHashSet<String> out = new LinkedHashSet<>(configured);
        OtelEnv.value(env, "no_proxy", "NO_PROXY").ifPresent(v -> {
            for (String part : v.value().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
        });
        return new ArrayList<>(out);
    }
}
