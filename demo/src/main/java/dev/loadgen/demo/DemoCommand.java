package dev.loadgen.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen demo}: starts the demo services and keeps them running until Ctrl-C. Every
 * flag value is parsed in {@link #call()} so that a bad one gives one line and exit code 2.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Start the demo app that loadgen tests by default: auth, users, posts and chat, each its own HTTP "
                    + "server (8081-8084). Runs until Ctrl-C.",
            "Storage is in memory and bounded (oldest first out); see docs/demo-app.md."},
        footer = {"", "Examples:",
            "  loadgen demo                                     all four on 8081-8084",
            "  loadgen demo --base-port 0                       all four on free ports (printed)",
            "  loadgen demo --service posts --port 8083 --users-url http://users:8082 --jwt-secret \"$S\"",
            "  DEMO_JWT_SECRET=$(openssl rand -hex 32) loadgen demo --host 0.0.0.0",
            "",
            "Environment: DEMO_JWT_SECRET, AUTH_URL, USERS_URL (defaults of the flags above);",
            "OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT turn on OTLP trace export."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--service", paramLabel = "NAME", description = "Start only this service: auth, users, posts or chat.")
    String service;

    @Option(names = "--port", paramLabel = "N", description = "Port of the one --service (default: its usual port, 8081-8084).")
    String port;

    @Option(names = "--base-port", paramLabel = "N", defaultValue = "8081",
            description = "auth on N, users N+1, posts N+2, chat N+3; 0 picks free ports. Default: ${DEFAULT-VALUE}.")
    String basePort;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (0.0.0.0 in a container). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--no-fault-headers", description = "Ignore the Envoy fault headers x-envoy-fault-delay-request and x-envoy-fault-abort-request (honoured by default).")
    boolean noFaultHeaders;

    @Option(names = "--token-ttl", paramLabel = "DURATION", defaultValue = "15m", description = "Access token lifetime. Default: ${DEFAULT-VALUE}.")
    String tokenTtl;

    @Option(names = "--refresh-token-ttl", paramLabel = "DURATION", defaultValue = "7d", description = "Refresh token lifetime. Default: ${DEFAULT-VALUE}.")
    String refreshTokenTtl;

    @Option(names = "--password-iterations", paramLabel = "N", defaultValue = "10000",
            description = "PBKDF2 iterations: cheap for load tests; production would use 600000. Default: ${DEFAULT-VALUE}.")
    String passwordIterations;

    @Option(names = "--jwt-secret", paramLabel = "SECRET", defaultValue = "${env:DEMO_JWT_SECRET}",
            description = "HS256 secret shared by the services, 32+ bytes (env DEMO_JWT_SECRET). Random when all four run here.")
    String jwtSecret;

    @Option(names = "--auth-url", paramLabel = "URL", defaultValue = "${env:AUTH_URL:-http://127.0.0.1:8081}",
            description = "Where chat finds auth when run alone (env AUTH_URL). Default: ${DEFAULT-VALUE}.")
    String authUrl;

    @Option(names = "--users-url", paramLabel = "URL", defaultValue = "${env:USERS_URL:-http://127.0.0.1:8082}",
            description = "Where auth and posts find users when run alone (env USERS_URL). Default: ${DEFAULT-VALUE}.")
    String usersUrl;

    @Option(names = "--dependency-timeout", paramLabel = "DURATION", defaultValue = "2s",
            description = "Connect and total timeout of each call to another service. Default: ${DEFAULT-VALUE}.")
    String dependencyTimeout;

    @Option(names = "--max-users", paramLabel = "N", defaultValue = "100000", description = "Accounts and profiles kept. Default: ${DEFAULT-VALUE}.")
    String maxUsers;
    @Option(names = "--max-refresh-tokens", paramLabel = "N", defaultValue = "100000", description = "Refresh tokens kept. Default: ${DEFAULT-VALUE}.")
    String maxRefreshTokens;
    @Option(names = "--max-revoked-tokens", paramLabel = "N", defaultValue = "100000", description = "Logged-out token ids kept until expiry. Default: ${DEFAULT-VALUE}.")
    String maxRevokedTokens;
    @Option(names = "--max-following-per-user", paramLabel = "N", defaultValue = "1000", description = "Follows per user. Default: ${DEFAULT-VALUE}.")
    String maxFollowingPerUser;
    @Option(names = "--max-follows", paramLabel = "N", defaultValue = "1000000", description = "Follows in all. Default: ${DEFAULT-VALUE}.")
    String maxFollows;
    @Option(names = "--max-posts", paramLabel = "N", defaultValue = "50000", description = "Posts in all. Default: ${DEFAULT-VALUE}.")
    String maxPosts;
    @Option(names = "--max-posts-per-author", paramLabel = "N", defaultValue = "1000", description = "Posts per author. Default: ${DEFAULT-VALUE}.")
    String maxPostsPerAuthor;
    @Option(names = "--max-comments-per-post", paramLabel = "N", defaultValue = "200", description = "Comments per post. Default: ${DEFAULT-VALUE}.")
    String maxCommentsPerPost;
    @Option(names = "--max-comments", paramLabel = "N", defaultValue = "200000", description = "Comments in all. Default: ${DEFAULT-VALUE}.")
    String maxComments;
    @Option(names = "--max-likes-per-post", paramLabel = "N", defaultValue = "10000", description = "Likers remembered per post. Default: ${DEFAULT-VALUE}.")
    String maxLikesPerPost;
    @Option(names = "--max-likes", paramLabel = "N", defaultValue = "1000000", description = "Likes in all. Default: ${DEFAULT-VALUE}.")
    String maxLikes;
    @Option(names = "--max-rooms", paramLabel = "N", defaultValue = "500", description = "Chat rooms. Default: ${DEFAULT-VALUE}.")
    String maxRooms;
    @Option(names = "--max-messages-per-room", paramLabel = "N", defaultValue = "200", description = "Chat history per room. Default: ${DEFAULT-VALUE}.")
    String maxMessagesPerRoom;
    @Option(names = "--max-members-per-room", paramLabel = "N", defaultValue = "1000", description = "Members per room. Default: ${DEFAULT-VALUE}.")
    String maxMembersPerRoom;
    @Option(names = "--max-pending-frames", paramLabel = "N", defaultValue = "1000", description = "Frames queued for one chat client before it is dropped as too slow. Default: ${DEFAULT-VALUE}.")
    String maxPendingFrames;

    private final PrintStream out;
    private final PrintStream err;

    public DemoCommand() {
        this(System.out, System.err);
    }

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        List<AutoCloseable> running = new ArrayList<>();
        try {
            Optional<ServiceName> only = Optional.ofNullable(service).map(ServiceName::of);
            DemoSettings settings = settings(only);
            if (only.isPresent()) {
                RunningService s = Demo.startService(only.get(), settings);
                running.add(s);
                out.printf("%-6s %s%n", s.name().label(), s.url());
            } else {
                RunningDemo demo = Demo.start(settings);
                running.add(demo);
                for (RunningService s : demo.services()) {
                    out.printf("%-6s %s%n", s.name().label(), s.url());
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("demo: " + e.getMessage() + "; choose another port with --base-port or --port");
            return 2;
        }
        out.flush();
        err.println("demo: running; Ctrl-C stops it");
        awaitShutdown(running);
        return 0;
    }

    /** The settings the flags describe; ports follow --base-port, or --port for one service. */
    DemoSettings settings(Optional<ServiceName> only) {
        DemoSettings s = DemoSettings.defaults()
                .withHost(host.trim())
                .withBasePort(FlagValues.integer("--base-port", basePort, 0, 65_532))
                .withFaultHeaders(!noFaultHeaders)
                .withTokenTtl(FlagValues.duration("--token-ttl", tokenTtl))
                .withRefreshTokenTtl(FlagValues.duration("--refresh-token-ttl", refreshTokenTtl))
                .withPasswordIterations(FlagValues.integer("--password-iterations", passwordIterations, 1, 10_000_000))
                .withDependencyTimeout(FlagValues.duration("--dependency-timeout", dependencyTimeout))
                .withAuthUrl(FlagValues.url("--auth-url", authUrl))
                .withUsersUrl(FlagValues.url("--users-url", usersUrl));
        if (jwtSecret != null && !jwtSecret.isEmpty()) {
            s = s.withJwtSecret(jwtSecret);
        }
        if (port != null) {
            ServiceName one = only.orElseThrow(() -> new IllegalArgumentException(
                    "--port: only with --service; move all four with --base-port"));
            s = s.withPort(one, FlagValues.integer("--port", port, 0, 65_535));
        }
        for (Map.Entry<Cap, String> c : caps().entrySet()) {
            s = s.withCap(c.getKey(), FlagValues.integer("--" + c.getKey().flag(), c.getValue(), 1, Integer.MAX_VALUE));
        }
        return s;
    }

    private Map<Cap, String> caps() {
        return Map.ofEntries(Map.entry(Cap.USERS, maxUsers), Map.entry(Cap.REFRESH_TOKENS, maxRefreshTokens),
                Map.entry(Cap.REVOKED_TOKENS, maxRevokedTokens), Map.entry(Cap.FOLLOWING_PER_USER, maxFollowingPerUser),
                Map.entry(Cap.FOLLOWS, maxFollows), Map.entry(Cap.POSTS, maxPosts),
                Map.entry(Cap.POSTS_PER_AUTHOR, maxPostsPerAuthor), Map.entry(Cap.COMMENTS_PER_POST, maxCommentsPerPost),
                Map.entry(Cap.COMMENTS, maxComments), Map.entry(Cap.LIKES_PER_POST, maxLikesPerPost),
                Map.entry(Cap.LIKES, maxLikes), Map.entry(Cap.ROOMS, maxRooms),
                Map.entry(Cap.MESSAGES_PER_ROOM, maxMessagesPerRoom), Map.entry(Cap.MEMBERS_PER_ROOM, maxMembersPerRoom),
                Map.entry(Cap.PENDING_FRAMES, maxPendingFrames));
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes the services cleanly. */
    private void awaitShutdown(List<AutoCloseable> running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : running) {
                try {
                    c.close();
                } catch (Exception e) {
                    // stopping anyway: the process is exiting
                }
            }
            err.println("demo: stopped");
            stopped.countDown();
        }, "demo-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
