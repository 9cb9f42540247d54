package dev.loadgen.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reading the deployment files as their tools do: YAML with compose's merge keys ({@code <<: *anchor})
 * and {@code ${VAR:-default}} interpolation, Kubernetes' multi-document files, and the facts of the
 * repository they must agree with (the version, the Dockerfile).
 */
final class Manifests {
    static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    private Manifests() {}

    static Map<String, Object> yaml(Path file) {
        Object o = new Load(LoadSettings.builder().build()).loadFromString(read(file));
        return map(resolveMerges(o));
    }

    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(read(file))) {
            if (o != null) {
                out.add(map(o));
            }
        }
        return out;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** compose's {@code <<} merge key: the anchored map's entries, under the ones written beside it. */
    @SuppressWarnings("unchecked")
    static Object resolveMerges(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            Object merge = m.get("<<");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!"<<".equals(e.getKey())) {
                    out.put(String.valueOf(e.getKey()), resolveMerges(e.getValue()));
                }
            }
            if (merge != null) {
                List<Object> sources = merge instanceof List<?> l ? (List<Object>) l : List.of(merge);
                for (Object s : sources) {
                    ((Map<String, Object>) resolveMerges(s)).forEach(out::putIfAbsent);
                }
            }
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Manifests::resolveMerges).toList();
        }
        return o;
    }

    /** compose's interpolation, with no variable set: every {@code ${X:-default}} becomes its default. */
    static String interpolate(String s, Map<String, String> env) {
        Matcher m = VAR.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v != null && !v.isEmpty() ? v : m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(b);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new AssertionError("expected a map, found " + o);
        }
        return (Map<String, Object>) o;
    }

    static Map<String, Object> map(Map<String, Object> m, String... path) {
        Object o = m;
        for (String p : path) {
            o = map(o).get(p);
            if (o == null) {
                throw new AssertionError("no '" + String.join(".", path) + "' (missing at '" + p + "')");
            }
        }
        return map(o);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (!(o instanceof List)) {
            throw new AssertionError("expected a list, found " + o);
        }
        return (List<Object>) o;
    }

    static List<String> strings(Object o) {
        return list(o).stream().map(String::valueOf).toList();
    }

    /** The value after {@code flag} in an argument list, if the flag is there. */
    static java.util.Optional<String> flag(List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? java.util.Optional.of(args.get(i + 1)) : java.util.Optional.empty();
    }

    /** The version in the parent pom: the image tags must carry it. */
    static String version() {
        Matcher m = Pattern.compile("<artifactId>loadgen-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new AssertionError("no version in pom.xml");
        }
        return m.group(1);
    }

    /** The Dockerfile's COPY of the repository into the image: container path -> repository path. */
    static Map<String, Path> dockerCopies() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String line : read(ROOT.resolve("Dockerfile")).lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 3 && w[0].equals("COPY") && !line.contains("--from=")) {
                List<String> parts = new ArrayList<>(List.of(w).subList(1, w.length));
                parts.removeIf(p -> p.startsWith("--"));
                String dest = parts.getLast();
                for (String src : parts.subList(0, parts.size() - 1)) {
                    out.put(dest.endsWith("/") ? dest + Path.of(src).getFileName() : dest, ROOT.resolve(src));
                }
            }
        }
        return out;
    }

    /** A container path resolved through the Dockerfile's COPY lines to the repository file it came from. */
    static java.util.Optional<Path> inRepository(String containerPath) {
        for (Map.Entry<String, Path> c : dockerCopies().entrySet()) {
            if (containerPath.equals(c.getKey()) || containerPath.startsWith(c.getKey() + "/")) {
                return java.util.Optional.of(c.getValue().resolve(containerPath.substring(c.getKey().length()).replaceFirst("^/", "")));
            }
        }
        return java.util.Optional.empty();
    }
}
