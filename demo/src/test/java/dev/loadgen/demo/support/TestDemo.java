package dev.loadgen.demo.support;

import dev.loadgen.demo.DemoSettings;
import dev.loadgen.demo.shared.TraceExport;

/** Settings for tests: free ports, a cheap KDF, no export unless a test adds one. */
public final class TestDemo {
    private TestDemo() {}

    public static DemoSettings settings() {
        return DemoSettings.defaults().withBasePort(0).withPasswordIterations(1_000).withTracing(TraceExport.none());
    }
}
