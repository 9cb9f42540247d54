package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./loadgen} launcher's AOT cache (JDK 25+): made by a training run when the launcher builds the jar, used
 * by the runs of that jar on that JDK, and never in the way otherwise. Each test runs the real launcher in a folder of
 * its own, with a {@code mvn} that puts the jar built by this build in place (the real build would take a minute) and
 * a JDK whose {@code java} writes down its arguments before it runs the JVM running this test.
 */
class AotCacheIT {
    private static final Path ROOT = Path.of(System.getProperty("loadgen.root", "..")).toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("tool/target/loadgen.jar");
    private static final boolean JDK_25 = Runtime.version().feature() >= 25;

    @TempDir
    static Path shared;
    /** A launcher that has built the jar with a JDK 25 and trained its cache, once for the tests that need one. */
    static Launcher trained;

    record Result(int code, String out, String err) {}

    /** A copy of the launcher in {@code dir}, with a fake Maven and a JDK of {@code major} that logs its calls. */
    record Launcher(Path dir, Path javaHome, Path javaLog) {
        static Launcher in(Path dir, int major) throws IOException {
            return in(dir, major, "");
        }

        /** The same, with a {@code java} that first runs the shell lines {@code first} (to break it). */
        static Launcher in(Path dir, int major, String first) throws IOException {
            Files.createDirectories(dir.resolve("scripts/lib"));
            Files.createDirectories(dir.resolve("bin"));
            Files.copy(ROOT.resolve("loadgen"), dir.resolve("loadgen"), StandardCopyOption.COPY_ATTRIBUTES);
            Files.copy(ROOT.resolve("scripts/lib/jdk.sh"), dir.resolve("scripts/lib/jdk.sh"));
            Files.copy(ROOT.resolve("scripts/lib/aot.sh"), dir.resolve("scripts/lib/aot.sh"));
            executable(dir.resolve("bin/mvn"), "cp '" + JAR + "' tool/target/loadgen.jar\n");
            Path home = dir.resolve("jdk" + major);
            Path log = dir.resolve("java-calls.log");
            Files.createDirectories(home.resolve("bin"));
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + major + ".0.9\"\nJAVA_RUNTIME_VERSION=\"" + major + ".0.9+1-" + Runtime.version() + "\"\n");
            executable(home.resolve("bin/javac"), "exit 0\n");
            executable(home.resolve("bin/java"), first + "echo \"$*\" >> '" + log + "'\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
            return new Launcher(dir, home, log);
        }

        Path aot() {
            return dir.resolve("tool/target/loadgen.aot");
        }

        Path jar() {
            return dir.resolve("tool/target/loadgen.jar");
        }

        /** What the cache records it was made for (aot_id in scripts/lib/aot.sh). */
        Path aotId() {
            return dir.resolve("tool/target/loadgen.aot.id");
        }

        Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of(dir.resolve("loadgen").toString()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("JAVA_HOME", javaHome.toString());
            pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
            pb.environment().remove("LOADGEN_JAVA_OPTS");
            pb.environment().putAll(env);
            Files.deleteIfExists(javaLog);
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("loadgen did not end within 300 s: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }

        /** A run of one user for 300 ms against {@code target}, without the self warm-up or any port of its own. */
        Result runAgainst(CountingTarget target, Map<String, String> env) throws IOException, InterruptedException {
            return run(env, "--url", target.url(), "--users", "1", "--think", "0", "--duration", "300ms", "--self-warm", "0", "--quiet",
                    "--dashboard-port", "0", "--metrics-port", "0", "--out", Files.createTempDirectory(dir, "run").resolve("results").toString());
        }

        String javaCalls() throws IOException {
            return Files.exists(javaLog) ? Files.readString(javaLog) : "";
        }

        private static void executable(Path file, String body) throws IOException {
            Files.writeString(file, "#!/bin/sh\n" + body);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @BeforeAll
    static void buildWithJdk25() throws Exception {
        if (!JDK_25) {
            return;
        }
        trained = Launcher.in(shared.resolve("trained"), 25);
        Result r = trained.run(Map.of(), "--version");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("loadgen: building the jar").contains("loadgen: training the start-up cache");
        assertThat(trained.javaCalls()).contains("-XX:AOTCacheOutput=");
    }

    @Test
    void the_build_trains_a_cache_that_the_runs_of_its_jar_start_from() throws Exception {
        assumeTrue(JDK_25, "the AOT cache needs JDK 25; this build runs on " + Runtime.version());
        assertThat(trained.aot()).isNotEmptyFile();
        assertThat(Files.readString(trained.aotId())).startsWith(trained.javaHome() + " 25.0.9+1-");
        Path classes = trained.dir().resolve("classes.log");
        try (CountingTarget target = new CountingTarget()) {
            Result r = trained.runAgainst(target, Map.of("LOADGEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes));
            assertThat(r.code()).as(r.err()).isZero();
            assertQuiet(r);
            assertThat(target.received()).isPositive();
        }
        assertThat(trained.javaCalls()).contains("-XX:AOTCache=" + trained.aot());
        assertThat(Files.readString(classes)).containsPattern("dev\\.loadgen\\.engine\\.Engine source: shared objects file");
    }

    @Test
    void a_cache_made_for_another_jar_or_jdk_is_not_used() throws Exception {
        assumeTrue(JDK_25, "the AOT cache needs JDK 25; this build runs on " + Runtime.version());
        Path jar = trained.jar();
        FileTime built = Files.getLastModifiedTime(jar);
        Path id = trained.aotId();
        String made = Files.readString(id);
        try (CountingTarget target = new CountingTarget()) {
            // a jar of the same size built again: the JVM alone would take the old jar's classes from the cache
            Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 60_000));
            assertRunsWithoutTheCache(target, Map.of());
            Files.setLastModifiedTime(jar, built);
            Files.writeString(id, made.replace(" 25.0.9+1-", " 25.0.8+1-"));
            assertRunsWithoutTheCache(target, Map.of());
            Files.writeString(id, made);
            assertRunsWithoutTheCache(target, Map.of("LOADGEN_AOT", "off"));
        } finally {
            Files.setLastModifiedTime(jar, built);
            Files.writeString(id, made);
        }
    }

    @Test
    void loadgen_aot_make_trains_a_cache_for_a_jar_maven_built_and_the_runs_after_start_from_it() throws Exception {
        assumeTrue(JDK_25, "the AOT cache needs JDK 25; this build runs on " + Runtime.version());
        Path jar = trained.jar();
        FileTime built = Files.getLastModifiedTime(jar);
        Path id = trained.aotId();
        Path kept = shared.resolve("kept-for-make.aot");
        Files.copy(trained.aot(), kept, StandardCopyOption.REPLACE_EXISTING);
        String made = Files.readString(id);
        try (CountingTarget target = new CountingTarget()) {
            // the jar built again by Maven (scripts/test.sh), not by the launcher: no cache for it until asked
            Files.setLastModifiedTime(jar, FileTime.fromMillis(built.toMillis() + 60_000));
            assertRunsWithoutTheCache(target, Map.of());
            Result make = trained.run(Map.of("LOADGEN_AOT", "make"));
            assertThat(make.code()).as(make.err()).isZero();
            assertThat(make.out()).isEmpty();
            assertThat(make.err()).contains("loadgen: training the start-up cache");
            assertThat(trained.javaCalls()).contains("-XX:AOTCacheOutput=");
            assertThat(Files.readString(id)).isNotEqualTo(made);
            Result r = trained.runAgainst(target, Map.of());
            assertThat(r.code()).as(r.err()).isZero();
            assertQuiet(r);
            assertThat(trained.javaCalls()).contains("-XX:AOTCache=" + trained.aot()).doesNotContain("AOTCacheOutput");
            // asked again for the same jar: nothing to do
            Result again = trained.run(Map.of("LOADGEN_AOT", "make"));
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.err()).isEmpty();
            assertThat(trained.javaCalls()).isEmpty();
        } finally {
            Files.setLastModifiedTime(jar, built);
            Files.copy(kept, trained.aot(), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(id, made);
        }
    }

    @Test
    void a_cache_the_jvm_cannot_read_costs_the_run_nothing_and_says_nothing() throws Exception {
        assumeTrue(JDK_25, "the AOT cache needs JDK 25; this build runs on " + Runtime.version());
        Path kept = shared.resolve("kept.aot");
        Files.copy(trained.aot(), kept, StandardCopyOption.REPLACE_EXISTING);
        try (CountingTarget target = new CountingTarget()) {
            Files.write(trained.aot(), "not an AOT cache".repeat(1000).getBytes(StandardCharsets.US_ASCII));
            Result broken = trained.runAgainst(target, Map.of());
            assertThat(broken.code()).as(broken.err()).isZero();
            assertQuiet(broken);
            assertThat(trained.javaCalls()).contains("-XX:AOTCache=");
            // a flag the cache was not made with (other object headers): the JVM starts without it
            Files.copy(kept, trained.aot(), StandardCopyOption.REPLACE_EXISTING);
            Result other = trained.runAgainst(target, Map.of("LOADGEN_JAVA_OPTS", "-XX:-UseCompactObjectHeaders"));
            assertThat(other.code()).as(other.out() + other.err()).isZero();
            assertQuiet(other);
            Files.delete(trained.aot());
            assertRunsWithoutTheCache(target, Map.of());
        } finally {
            Files.copy(kept, trained.aot(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void a_jdk_before_25_builds_no_cache_and_is_given_no_aot_flag() throws Exception {
        Launcher jdk21 = Launcher.in(shared.resolve("jdk21"), 21);
        Result build = jdk21.run(Map.of(), "--version");
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.err()).contains("loadgen: building the jar").doesNotContain("cache");
        assertThat(jdk21.aot()).doesNotExist();
        try (CountingTarget target = new CountingTarget()) {
            Result r = jdk21.runAgainst(target, Map.of());
            assertThat(r.code()).as(r.err()).isZero();
        }
        assertThat(jdk21.javaCalls()).doesNotContain("AOT").doesNotContain("UseCompactObjectHeaders").contains("-jar");
    }

    @Test
    void a_training_that_fails_costs_the_cache_in_one_line_and_the_build_and_the_runs_go_on() throws Exception {
        assumeTrue(JDK_25, "the AOT cache needs JDK 25; this build runs on " + Runtime.version());
        Launcher broken = Launcher.in(shared.resolve("broken"), 25, "case \"$*\" in *AOTCacheOutput*) echo 'no training here' >&2; exit 1;; esac\n");
        Result build = broken.run(Map.of(), "--version");
        assertThat(build.code()).as(build.err()).isZero();
        assertThat(build.out()).startsWith("loadgen ");
        assertThat(build.err().lines().filter(l -> l.contains("cache could not be made")).toList())
                .containsExactly("loadgen: the start-up cache could not be made (see " + broken.dir().resolve("tool/target/build.log")
                        + "); runs start without it");
        assertThat(broken.aot()).doesNotExist();
        assertThat(Files.readString(broken.dir().resolve("tool/target/build.log"))).contains("no training here");
        try (CountingTarget target = new CountingTarget()) {
            Result r = broken.runAgainst(target, Map.of());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(target.received()).isPositive();
        }
        assertThat(broken.javaCalls()).doesNotContain("AOTCache").contains("-jar");
    }

    private static void assertRunsWithoutTheCache(CountingTarget target, Map<String, String> env) throws Exception {
        Result r = trained.runAgainst(target, env);
        assertThat(r.code()).as(r.err()).isZero();
        assertQuiet(r);
        assertThat(trained.javaCalls()).contains("-jar").doesNotContain("AOTCache");
    }

    /** Nothing from the JVM about the cache: loadgen's own lines on stderr, and no log line of the JVM's anywhere. */
    private static void assertQuiet(Result r) {
        assertThat(r.err().lines()).as(r.err()).allMatch(l -> l.startsWith("loadgen"));
        assertThat(r.out() + r.err()).doesNotContainPattern("\\[(warning|error|info) *\\]").doesNotContain("AOT").doesNotContain("CDS");
    }
}
