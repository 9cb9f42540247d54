package dev.loadgen.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code dashboard} section. A dashboard reachable from other machines can stop the run, so
 * binding it to anything but loopback without a token is refused here, before anything starts
 * (DESIGN.md §9).
 */
final class DashboardBinder {
    static final int MIN_TOKEN_LENGTH = 8;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    private DashboardBinder() {}

    static DashboardConfig bind(MapReader d) {
        Optional<ConfigNode.Scalar> portNode = d.scalar("port");
        int port = d.integer("port", DashboardConfig.DEFAULT_PORT, 0, 65_535);
        // the default port written in a file (the reference config does) still gives way to a free one
        boolean exact = portNode.isPresent() && (port != DashboardConfig.DEFAULT_PORT || !portNode.get().origin().inFile());
        String bind = d.string("bind", DashboardConfig.DEFAULT_BIND).trim();
        Optional<String> token = d.string("token").filter(t -> !t.isEmpty());
        if (token.isPresent() && token.get().length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(d.scalar("token").orElseThrow().origin(), d.key("token") + " must be at least "
                    + MIN_TOKEN_LENGTH + " characters; use a long random one, e.g. from: openssl rand -hex 16");
        }
        boolean loopback = loopback(bind, d);
        if (port != 0 && !loopback && token.isEmpty()) {
            throw new ConfigException(d.scalar("bind").orElseThrow().origin(), d.key("bind") + " " + bind
                    + " is not a loopback address, so anyone who reaches it could stop the run: set dashboard.token "
                    + "(--dashboard-token, or ${LOADGEN_DASHBOARD_TOKEN} in the file) or bind to 127.0.0.1");
        }
        d.finish();
        return new DashboardConfig(port, exact, bind.startsWith("[") ? bind.substring(1, bind.length() - 1) : bind, token);
    }

    /** Whether {@code bind} is a loopback address; only literals and localhost, so no name is ever looked up. */
    private static boolean loopback(String bind, MapReader d) {
        if (bind.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!IPV4.matcher(bind).matches() && !IPV6.matcher(bind).matches()) {
            throw new ConfigException(d.scalar("bind").orElseThrow().origin(), d.key("bind") + " must be an IP address "
                    + "such as 127.0.0.1, 0.0.0.0 or ::1 (or localhost), got '" + bind + "'");
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(d.scalar("bind").orElseThrow().origin(), d.key("bind") + ": '" + bind
                    + "' is not a valid IP address; write it like 127.0.0.1 or ::1");
        }
    }
}
