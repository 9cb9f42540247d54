package dev.loadgen.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a host is reached directly although a proxy is set: {@code no-proxy} and the environment's no_proxy, matched as
 * curl matches them.
 * <ul>
 *   <li>{@code *} matches every host;</li>
 *   <li>a name matches itself and every name under it: {@code example.com} and {@code .example.com} both match
 *       {@code example.com} and {@code api.example.com}, not {@code badexample.com}; case and a final dot do not count;</li>
 *   <li>an IP address matches that address written in the URL, and with {@code /bits} the addresses of that network
 *       ({@code 10.0.0.0/8}, {@code fd00::/8}). An address never matches a name, nor a name an address: {@code 127.0.0.1}
 *       does not cover {@code localhost}, which is listed by its name.</li>
 * </ul>
 */
final class NoProxy {
    private NoProxy() {}

    static boolean matches(List<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        Optional<byte[]> address = literal(h);
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        for (String raw : patterns) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.equals("*")) {
                return true;
            }
            if (p.isEmpty()) {
                continue;
            }
            if (address.isPresent() ? inNetwork(address.get(), p) : coversName(p, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean coversName(String pattern, String name) {
        String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        p = p.startsWith(".") ? p.substring(1) : p;
        return !p.isEmpty() && (name.equals(p) || name.endsWith("." + p));
    }

    /** {@code pattern} is an address, or a network as address/bits, that holds {@code address} (of the same family). */
    private static boolean inNetwork(byte[] address, String pattern) {
        int slash = pattern.indexOf('/');
        Optional<byte[]> network = literal(slash < 0 ? pattern : pattern.substring(0, slash));
        if (network.isEmpty() || network.get().length != address.length) {
            return false;
        }
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(pattern.substring(slash + 1));
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > address.length * 8) {
                return false;
            }
        }
        byte[] n = network.get();
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((address[i / 8] & mask) != (n[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IPv4 or IPv6 address written as one, never looked up by name. */
    static Optional<byte[]> literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}") && java.util.Arrays.stream(t.split("\\.")).allMatch(o -> Integer.parseInt(o) < 256);
        boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
