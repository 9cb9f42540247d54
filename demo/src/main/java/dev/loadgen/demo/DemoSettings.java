package dev.loadgen.demo;

import dev.loadgen.demo.shared.AccessTokens;
import dev.loadgen.demo.shared.TraceExport;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to run the demo. Start from {@link #defaults()} and change what you need with the
 * {@code withX} methods; every value is checked here, with messages that name the matching
 * {@code loadgen demo} flag.
 *
 * @param host the address to bind (127.0.0.1; 0.0.0.0 in a container)
 * @param ports each service's port; 0 picks a free one
 * @param faultHeaders honour the Envoy fault headers
 * @param tokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime
 * @param passwordIterations PBKDF2 cost
 * @param jwtSecret the HS256 secret shared by the services; empty: random per process when all
 *     four run together, an error for a single auth, users or posts service
 * @param caps the storage caps
 * @param dependencyTimeout connect and total timeout of every call to another service
 * @param authUrl where chat finds auth when run alone
 * @param usersUrl where auth and posts find users when run alone
 * @param tracing where spans go
 * @param clock the time source for tokens and timestamps (tests move it)
 */
public record DemoSettings(String host, Map<ServiceName, Integer> ports, boolean faultHeaders, Duration tokenTtl,
        Duration refreshTokenTtl, int passwordIterations, Optional<String> jwtSecret, StorageCaps caps,
        Duration dependencyTimeout, URI authUrl, URI usersUrl, TraceExport tracing, Clock clock) {

    public DemoSettings {
        if (host.isBlank()) {
            throw new IllegalArgumentException("--host: must not be empty");
        }
        ports = Map.copyOf(ports);
        for (ServiceName s : ServiceName.values()) {
            Integer p = ports.get(s);
            if (p == null || p < 0 || p > 65_535) {
                throw new IllegalArgumentException("--port: " + s.label() + " needs a port from 0 to 65535, got " + p);
            }
        }
        positive("--token-ttl", tokenTtl);
        positive("--refresh-token-ttl", refreshTokenTtl);
        positive("--dependency-timeout", dependencyTimeout);
        if (passwordIterations < 1 || passwordIterations > 10_000_000) {
            throw new IllegalArgumentException("--password-iterations: from 1 to 10000000, got " + passwordIterations);
        }
        jwtSecret.ifPresent(s -> {
            if (s.getBytes(StandardCharsets.UTF_8).length < AccessTokens.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("--jwt-secret (DEMO_JWT_SECRET): at least "
                        + AccessTokens.MIN_SECRET_BYTES + " bytes are needed for HS256; use e.g. `openssl rand -hex 32`");
            }
        });
    }

    private static void positive(String flag, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + ": must be longer than zero, got " + d);
        }
    }

    /** The documented defaults: loopback, ports 8081-8084, fault headers on, OTLP from the environment. */
    public static DemoSettings defaults() {
        return new DemoSettings("127.0.0.1", basePorts(ServiceName.DEFAULT_BASE_PORT), true, Duration.ofMinutes(15),
                Duration.ofDays(7), 10_000, Optional.empty(), StorageCaps.defaults(), Duration.ofSeconds(2),
                URI.create("http://127.0.0.1:" + ServiceName.AUTH.defaultPort()),
                URI.create("http://127.0.0.1:" + ServiceName.USERS.defaultPort()),
                TraceExport.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    /** Ports {@code base .. base+3} for auth, users, posts, chat; 0 gives each a free port. */
    private static Map<ServiceName, Integer> basePorts(int base) {
        if (base < 0 || base > 65_535 - 3) {
            throw new IllegalArgumentException("--base-port: from 0 to 65532 (it uses N to N+3), got " + base);
        }
        Map<ServiceName, Integer> m = new EnumMap<>(ServiceName.class);
        for (ServiceName s : ServiceName.values()) {
            m.put(s, base == 0 ? 0 : base + s.offset());
        }
        return m;
    }

    public int port(ServiceName service) {
        return ports.get(service);
    }

    public DemoSettings withHost(String h) {
        return new DemoSettings(h, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withBasePort(int base) {
        return withPorts(basePorts(base));
    }

    public DemoSettings withPort(ServiceName service, int port) {
        Map<ServiceName, Integer> m = new EnumMap<>(ports);
        m.put(service, port);
        return withPorts(m);
    }

    private DemoSettings withPorts(Map<ServiceName, Integer> p) {
        return new DemoSettings(host, p, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withFaultHeaders(boolean on) {
        return new DemoSettings(host, ports, on, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withTokenTtl(Duration ttl) {
        return new DemoSettings(host, ports, faultHeaders, ttl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withRefreshTokenTtl(Duration ttl) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, ttl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withPasswordIterations(int n) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, n, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withJwtSecret(String secret) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations,
                Optional.of(secret), caps, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withCaps(StorageCaps c) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                c, dependencyTimeout, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withCap(Cap cap, int value) {
        return withCaps(caps.with(cap, value));
    }

    public DemoSettings withDependencyTimeout(Duration d) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, d, authUrl, usersUrl, tracing, clock);
    }

    public DemoSettings withAuthUrl(URI url) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, url, usersUrl, tracing, clock);
    }

    public DemoSettings withUsersUrl(URI url) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, url, tracing, clock);
    }

    public DemoSettings withTracing(TraceExport t) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, t, clock);
    }

    /** Spans of all four services go to this exporter (the caller owns it and shuts it down). */
    public DemoSettings withSpanExporter(SpanExporter exporter) {
        return withTracing(TraceExport.to(exporter));
    }

    public DemoSettings withClock(Clock c) {
        return new DemoSettings(host, ports, faultHeaders, tokenTtl, refreshTokenTtl, passwordIterations, jwtSecret,
                caps, dependencyTimeout, authUrl, usersUrl, tracing, c);
    }
}
