package dev.loadgen.cli;

import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in target: the four demo services in this process, on free loopback ports. */
final class EmbeddedDemo implements AutoCloseable {
    private final RunningDemo demo;

    private EmbeddedDemo(RunningDemo demo) {
        this.demo = demo;
    }

    static EmbeddedDemo start() throws IOException {
        return new EmbeddedDemo(Demo.start(DemoSettings.defaults().withBasePort(0)));
    }

    Map<String, URI> urls() {
        Map<String, URI> m = new LinkedHashMap<>();
        m.put("auth", demo.authUrl());
        m.put("users", demo.usersUrl());
        m.put("posts", demo.postsUrl());
        m.put("chat", demo.chatUrl());
        return m;
    }

    RunningDemo running() {
        return demo;
    }

    @Override
    public void close() {
        demo.close();
    }
}
