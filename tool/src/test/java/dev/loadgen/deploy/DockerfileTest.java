package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's promises: base images as build arguments defaulting to a Maven build stage on a JDK and a
 * JRE 21+ runtime, a jar from that stage or from the host, no frontend image to pull, a user without
 * privileges, an entry point and a health check that are files of the repository, executable, the AOT cache made at
 * build, and OCI labels.
 * scripts/image-test.sh builds and runs the image itself.
 */
class DockerfileTest {
    static final List<String> LINES = Manifests.read(ROOT.resolve("Dockerfile")).lines().map(String::trim).toList();

    /** The default of a build argument declared before the first FROM. */
    static String arg(String name) {
        for (String l : LINES) {
            if (l.startsWith("FROM ")) {
                break;
            }
            if (l.startsWith("ARG " + name + "=")) {
                return l.substring(("ARG " + name + "=").length());
            }
        }
        throw new AssertionError("no ARG " + name + "=... before the first FROM");
    }

    @Test
    void base_images_are_build_arguments_defaulting_to_maven_on_a_jdk_and_a_jre_of_21_or_later() {
        assertThat(arg("BUILD_IMAGE")).matches("maven:[\\w.-]*eclipse-temurin-(2[1-9]|[3-9]\\d)");
        assertThat(arg("RUNTIME_IMAGE")).matches("eclipse-temurin:(2[1-9]|[3-9]\\d)-jre[\\w.-]*");
        List<String> froms = LINES.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM scratch AS prebuilt", "FROM ${JAR} AS jar",
                "FROM ${RUNTIME_IMAGE}");
        assertThat(LINES).anyMatch(l -> l.contains("mvn ") && l.contains("package"));
    }

    @Test
    void the_jar_comes_from_the_maven_stage_unless_jar_prebuilt_takes_the_one_the_host_built() {
        assertThat(arg("JAR")).isEqualTo("build");
        assertThat(LINES).contains("COPY tool/target/loadgen.jar /loadgen.jar", "COPY --from=jar /loadgen.jar /opt/loadgen/loadgen.jar");
        List<String> ignore = Manifests.read(ROOT.resolve(".dockerignore")).lines().map(String::trim).toList();
        assertThat(ignore).containsSubsequence("**/target", "!tool/target/loadgen.jar");
    }

    @Test
    void no_syntax_line_so_the_build_pulls_no_frontend_image() {
        assertThat(LINES).noneMatch(l -> l.matches("#\\s*syntax\\s*=.*"));
    }

    @Test
    void it_runs_as_uid_10001_created_without_a_login_shell() {
        assertThat(LINES).contains("USER 10001:10001");
        assertThat(String.join("\n", LINES)).contains("useradd --system --uid 10001").contains("--shell /usr/sbin/nologin");
        int user = LINES.indexOf("USER 10001:10001");
        assertThat(LINES.subList(user, LINES.size())).noneMatch(l -> l.startsWith("RUN "));
    }

    @Test
    void entry_point_and_health_check_are_executable_scripts_of_the_repository() {
        String entry = LINES.stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entry).isEqualTo("ENTRYPOINT [\"/opt/loadgen/bin/loadgen\"]");
        String health = LINES.stream().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElseThrow();
        assertThat(health).endsWith("CMD [\"/opt/loadgen/bin/healthcheck\"]");
        for (String path : List.of("/opt/loadgen/bin/loadgen", "/opt/loadgen/bin/healthcheck")) {
            assertThat(Manifests.inRepository(path)).hasValueSatisfying(p -> assertThat(Files.isExecutable(p)).as(p.toString()).isTrue());
        }
        assertThat(LINES).anyMatch(l -> l.startsWith("COPY --chmod=755 deploy/docker/loadgen deploy/docker/healthcheck"));
        assertThat(LINES).anyMatch(l -> l.startsWith("EXPOSE") && l.contains("8081") && l.contains("8084") && l.contains("8089") && l.contains("9464"));
    }

    /** The entry point makes the cache with its own flags (scripts/lib/aot.sh beside it), before the user without privileges. */
    @Test
    void the_aot_cache_is_made_at_build_by_the_entry_point_unless_aot_off() {
        assertThat(LINES).contains("COPY scripts/lib/jdk.sh scripts/lib/aot.sh /opt/loadgen/lib/", "ARG AOT=on");
        int make = LINES.indexOf("RUN if [ \"$AOT\" = on ]; then LOADGEN_AOT=make /opt/loadgen/bin/loadgen && rm -rf /tmp/hsperfdata_root; fi");
        assertThat(make).isGreaterThan(LINES.indexOf("COPY --from=jar /loadgen.jar /opt/loadgen/loadgen.jar"))
                .isLessThan(LINES.indexOf("USER 10001:10001"));
        assertThat(Manifests.read(ROOT.resolve("deploy/docker/loadgen"))).contains("source \"$lib/aot.sh\"", "aot_make \"$jar\"");
    }

    @Test
    void oci_labels_name_the_image_and_its_version() {
        String text = String.join("\n", LINES);
        for (String label : List.of("title", "description", "version", "revision", "source")) {
            assertThat(text).contains("org.opencontainers.image." + label + "=");
        }
        assertThat(text).contains("ARG VERSION=" + Manifests.version());
        assertThat(text).contains("org.opencontainers.image.base.name=\"${RUNTIME_IMAGE}\"");
        int runtime = LINES.indexOf("FROM ${RUNTIME_IMAGE}");
        assertThat(LINES.subList(runtime, LINES.size())).as("RUNTIME_IMAGE declared again in the runtime stage, for its label")
                .contains("ARG RUNTIME_IMAGE");
    }
}
