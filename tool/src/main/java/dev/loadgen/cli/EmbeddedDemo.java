package dev.loadgen.cli;

import dev.loadgen.demo.Demo;
import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.RunningDemo;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The built-in target: the four demo services in this process, on free loopback ports. */
final class EmbeddedDemo implements AutoCloseable {
    private final RunningDemo demo;

    private EmbeddedDemo(RunningDemo demo) {
        this.demo = demo;
    }

    /** With loadgen's span exporter when tracing is on, so the services' spans reach the same backend. */
    static EmbeddedDemo start(Optional<SpanExporter> spans) throws IOException {
        DemoSettings settings = DemoSettings.defaults().withBasePort(0);
        return new EmbeddedDemo(Demo.start(spans.map(settings::withSpanExporter).orElse(settings)));
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
