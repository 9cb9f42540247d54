package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's promises: a Maven build stage on a JDK, a JRE 21+ runtime, a user without privileges,
 * an entry point and a health check that are files of the repository, executable, and OCI labels.
 */
class DockerfileTest {
    static final List<String> LINES = Manifests.read(ROOT.resolve("Dockerfile")).lines().map(String::trim).toList();

    @Test
    void the_build_runs_maven_on_a_jdk_and_the_runtime_is_a_jre_of_21_or_later() {
        List<String> froms = LINES.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.getFirst()).matches("FROM maven:[\\w.-]*eclipse-temurin-(2[1-9]|[3-9]\\d) AS build");
        assertThat(froms.getLast()).matches("FROM eclipse-temurin:(2[1-9]|[3-9]\\d)-jre[\\w.-]*");
        assertThat(LINES).anyMatch(l -> l.contains("mvn ") && l.contains("package"));
        assertThat(LINES).contains("COPY --from=build /loadgen.jar /opt/loadgen/loadgen.jar");
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

    @Test
    void oci_labels_name_the_image_and_its_version() {
        String text = String.join("\n", LINES);
        for (String label : List.of("title", "description", "version", "revision", "source")) {
            assertThat(text).contains("org.opencontainers.image." + label + "=");
        }
        assertThat(text).contains("ARG VERSION=" + Manifests.version());
    }
}
