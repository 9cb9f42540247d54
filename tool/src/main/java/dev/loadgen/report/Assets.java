package dev.loadgen.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The files the pages are made of: ours under {@code dev/loadgen/report/} and uPlot from its WebJar (Maven
 * Central's {@code org.webjars.npm:uplot}), all read from the class path, so neither the dashboard nor
 * the report ever needs the internet.
 */
public final class Assets {
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final String UPLOT_VERSION = uplotVersion();

    private Assets() {}

    /** One of our report files ({@code charts.js}, {@code style.css}, ...). */
    public static byte[] report(String name) {
        return read("dev/loadgen/report/" + name);
    }

    /** uPlot's {@code uPlot.iife.min.js} or {@code uPlot.min.css}. */
    public static byte[] uplot(String name) {
        return read("META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/" + name);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A resource, or a clear failure: a missing asset is a broken build, not a user error. */
    public static byte[] read(String path) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("loadgen is missing its resource " + path + "; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + path, e);
        }
    }

    private static String uplotVersion() {
        Properties p = new Properties();
        try {
            p.load(new java.io.ByteArrayInputStream(read(UPLOT_POM)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
