package dev.loadgen.demo;

import dev.loadgen.demo.auth.AuthConfig;
import dev.loadgen.demo.auth.AuthService;
import dev.loadgen.demo.chat.ChatConfig;
import dev.loadgen.demo.chat.ChatService;
import dev.loadgen.demo.posts.PostsConfig;
import dev.loadgen.demo.posts.PostsService;
import dev.loadgen.demo.shared.AccessTokens;
import dev.loadgen.demo.shared.Dependency;
import dev.loadgen.demo.shared.HttpServer;
import dev.loadgen.demo.shared.Plumbing;
import dev.loadgen.demo.shared.Router;
import dev.loadgen.demo.users.UsersConfig;
import dev.loadgen.demo.users.UsersService;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts the demo services in this process: all four wired to each other ({@link #start}), or
 * one that finds its dependencies at the configured URLs ({@link #startService}).
 *
 * <pre>{@code
 * try (RunningDemo demo = Demo.start(DemoSettings.defaults().withBasePort(0))) {
 *     URI posts = demo.postsUrl();   // http://127.0.0.1:<free port>
 * }
 * }</pre>
 */
public final class Demo {
    private Demo() {}

    /**
     * Starts auth, users, posts and chat, users first so the others can be given its real URL
     * (ports may be 0). Without a JWT secret one is drawn at random: the four share this
     * process, so nobody else needs to know it.
     *
     * @throws IOException when a port cannot be bound (nothing is left running then)
     * @throws IllegalArgumentException when a setting is invalid
     */
    public static RunningDemo start(DemoSettings settings) throws IOException {
        DemoSettings s = settings.jwtSecret().isPresent() ? settings : settings.withJwtSecret(randomSecret());
        Map<ServiceName, RunningService> started = new EnumMap<>(ServiceName.class);
        try {
            started.put(ServiceName.USERS, startService(ServiceName.USERS, s));
            URI users = started.get(ServiceName.USERS).url();
            started.put(ServiceName.AUTH, startService(ServiceName.AUTH, s.withUsersUrl(users)));
            started.put(ServiceName.POSTS, startService(ServiceName.POSTS, s.withUsersUrl(users)));
            URI auth = started.get(ServiceName.AUTH).url();
            started.put(ServiceName.CHAT, startService(ServiceName.CHAT, s.withAuthUrl(auth)));
        } catch (IOException | RuntimeException e) {
            started.values().forEach(RunningService::close);
            throw e;
        }
        return new RunningDemo(started);
    }

    /**
     * Starts one service on {@code settings.port(name)}. Auth, users and posts need the shared
     * JWT secret; chat checks tokens through auth and needs none.
     */
    public static RunningService startService(ServiceName name, DemoSettings s) throws IOException {
        Optional<AccessTokens> tokens = s.jwtSecret().map(secret -> new AccessTokens(secret, s.clock()));
        if (name != ServiceName.CHAT && tokens.isEmpty()) {
            throw new IllegalArgumentException(name.label() + " needs the JWT secret that all services share: "
                    + "set DEMO_JWT_SECRET or pass --jwt-secret (32+ characters, e.g. `openssl rand -hex 32`)");
        }
        Plumbing plumbing = new Plumbing(name.label(), s.tracing(), s.faultHeaders(), tokens,
                s.dependencyTimeout(), s.clock());
        try {
            Router router;
            Supplier<Map<String, Integer>> sizes;
            switch (name) {
                case AUTH -> {
                    AuthService auth = new AuthService(plumbing, authConfig(s), new Dependency("users", s.usersUrl()));
                    router = auth.routes();
                    sizes = auth::storeSizes;
                }
                case USERS -> {
                    StorageCaps c = s.caps();
                    UsersService users = new UsersService(plumbing, new UsersConfig(c.get(Cap.USERS),
                            c.get(Cap.FOLLOWING_PER_USER), c.get(Cap.FOLLOWS)));
                    router = users.routes();
                    sizes = users::storeSizes;
                }
                case POSTS -> {
                    PostsService posts = new PostsService(plumbing, postsConfig(s.caps()),
                            new Dependency("users", s.usersUrl()));
                    router = posts.routes();
                    sizes = posts::storeSizes;
                }
                case CHAT -> {
                    StorageCaps c = s.caps();
                    ChatService chat = new ChatService(plumbing, new ChatConfig(c.get(Cap.ROOMS),
                            c.get(Cap.MESSAGES_PER_ROOM), c.get(Cap.MEMBERS_PER_ROOM), c.get(Cap.PENDING_FRAMES)),
                            new Dependency("auth", s.authUrl()));
                    router = chat.routes();
                    sizes = chat::storeSizes;
                }
                default -> throw new IllegalStateException("unknown service " + name);
            }
            HttpServer server = HttpServer.start(new HttpServer.Spec(s.host(), s.port(name), router, plumbing,
                    name == ServiceName.CHAT));
            return new RunningService(name, server, plumbing, sizes);
        } catch (IOException | RuntimeException e) {
            plumbing.close();
            throw e;
        }
    }

    private static AuthConfig authConfig(DemoSettings s) {
        StorageCaps c = s.caps();
        return new AuthConfig(s.tokenTtl(), s.refreshTokenTtl(), s.passwordIterations(), c.get(Cap.USERS),
                c.get(Cap.REFRESH_TOKENS), c.get(Cap.REVOKED_TOKENS));
    }

    private static PostsConfig postsConfig(StorageCaps c) {
        return new PostsConfig(c.get(Cap.POSTS), c.get(Cap.POSTS_PER_AUTHOR), c.get(Cap.COMMENTS_PER_POST),
                c.get(Cap.COMMENTS), c.get(Cap.LIKES_PER_POST), c.get(Cap.LIKES));
    }

    private static String randomSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
