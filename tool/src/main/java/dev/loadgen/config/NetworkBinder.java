package dev.loadgen.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the network settings ({@link NetworkConfig}) of {@code target}, or of one target written as a map, over a parent's. */
final class NetworkBinder {
    private NetworkBinder() {
    }

    static NetworkConfig read(MapReader m, NetworkConfig parent) {
        TlsConfig tls = TlsBinder.read(m.map("tls"), parent.tls());
        NetworkConfig.Http http = m.scalar("http").map(s -> NetworkConfig.Http.of(s.text()).orElseThrow(() -> new ConfigException(s.origin(),
                m.key("http") + ": '" + s.text() + "' is not an HTTP version; write 1.1, 2 or auto"))).orElse(parent.http());
        NetworkConfig.Proxy proxy = proxy(m, parent.proxy());
        boolean compression = m.bool("compression", parent.compression());
        int redirects = m.scalar("redirects").map(s -> switch (s.text().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> NetworkConfig.DEFAULT_REDIRECTS;
            case "false", "no", "off" -> 0;
            default -> MapReader.toInt(s, m.key("redirects") + " (true, false, or how many hops to follow)", 0, 50);
        }).orElse(parent.redirects());
        return new NetworkConfig(tls, http, proxy, compression, redirects);
    }

    private static NetworkConfig.Proxy proxy(MapReader m, NetworkConfig.Proxy parent) {
        List<String> noProxy = m.node("no-proxy").isPresent() ? hostList(m, "no-proxy") : parent.noProxy();
        Optional<ConfigNode.Scalar> p = m.scalar("proxy");
        if (p.isEmpty()) {
            return new NetworkConfig.Proxy(parent.mode(), parent.url(), noProxy);
        }
        String text = p.get().text().trim();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "none", "direct", "false", "off" -> {
                return new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.NONE, Optional.empty(), noProxy);
            }
            case "env" -> {
                return new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.ENV, Optional.empty(), noProxy);
            }
            default -> {
                return new NetworkConfig.Proxy(NetworkConfig.Proxy.Mode.URL, Optional.of(proxyUrl(text, p.get().origin(), m.key("proxy"))), noProxy);
            }
        }
    }

    /** A proxy's URL, {@code http://[user:password@]host:port}; the scheme may be left out, as curl allows. */
    static URI proxyUrl(String text, Origin origin, String key) {
        String t = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = URI.create(t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin, key + ": not a proxy URL; write it like http://proxy.example.com:3128, or none");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new ConfigException(origin, key + ": not an http(s) proxy URL; write it like http://proxy.example.com:3128, or none");
        }
        return uri;
    }

    private static List<String> hostList(MapReader m, String k) {
        List<String> out = new ArrayList<>();
        ConfigNode n = m.node(k).orElseThrow();
        List<ConfigNode> items = n instanceof ConfigNode.Scalar s ? splitComma(s) : m.list(k);
        for (ConfigNode item : items) {
            if (!(item instanceof ConfigNode.Scalar s) || s.text().isBlank()) {
                throw new ConfigException(item.origin(), m.key(k) + " must be a list of host names (or one comma-separated line)");
            }
            out.add(s.text().trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static List<ConfigNode> splitComma(ConfigNode.Scalar s) {
        List<ConfigNode> out = new ArrayList<>();
        for (String part : s.text().split(",")) {
            if (!part.isBlank()) {
                out.add(new ConfigNode.Scalar(part.trim(), false, s.origin()));
            }
        }
        return out;
    }

    /**
     * {@code target.hosts}: host name → address, as curl's {@code --resolve}: connections to the name go to the address,
     * while the Host header, SNI and certificate checks keep the name.
     */
    static Map<String, String> hosts(MapReader t) {
        Map<String, String> out = new LinkedHashMap<>();
        MapReader h = t.map("hosts");
        for (Map.Entry<String, ConfigNode> e : h.entries().entrySet()) {
            String name = e.getKey().trim().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                throw new ConfigException(h.keyOrigin(e.getKey()), h.key(e.getKey()) + ": '" + e.getKey()
                        + "' is not a host name; write hosts: {api.example.com: 127.0.0.1}");
            }
            if (!(e.getValue() instanceof ConfigNode.Scalar s) || s.isNull() || !isAddress(s.text().trim())) {
                throw new ConfigException(e.getValue().origin(), h.key(e.getKey())
                        + " must be an IP address (like 127.0.0.1 or ::1) for the name to resolve to; write hosts: {" + name + ": 127.0.0.1}");
            }
            out.put(name, strip(s.text().trim()));
        }
        return out;
    }

    private static String strip(String a) {
        return a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
    }

    static boolean isAddress(String text) {
        String a = strip(text);
        if (a.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
            for (String part : a.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return a.contains(":") && a.matches("[0-9a-fA-F:.]+");
    }
}
