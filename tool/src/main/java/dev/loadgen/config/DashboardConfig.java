package dev.loadgen.config;

import java.util.Optional;

/**
 * The live dashboard: where it listens and who may control the run through it.
 *
 * @param port      0 turns the dashboard off
 * @param exactPort true when the port was asked for (any port but the default, or any port given on the
 *                  command line): then a taken port is an error; otherwise loadgen falls back to a free one
 * @param bind      the address to listen on, an IP literal or {@code localhost}
 * @param token     when present, control requests must carry it ({@code Authorization: Bearer ...}); required
 *                  when {@code bind} is not a loopback address
 */
public record DashboardConfig(int port, boolean exactPort, String bind, Optional<String> token) {
    public static final int DEFAULT_PORT = 8089;
    public static final String DEFAULT_BIND = "127.0.0.1";

    public boolean enabled() {
        return port != 0;
    }

    @Override
    public String toString() {
        // the token is a secret: never in a log line or an error message
        return "DashboardConfig[port=" + port + ", exactPort=" + exactPort + ", bind=" + bind + ", token="
                + (token.isPresent() ? "(set)" : "(none)") + "]";
    }
}
