package dev.loadgen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard section: defaults, which port counts as asked for, and the refusal to expose control without a token. */
class DashboardConfigTest {
    @TempDir
    Path dir;

    private DashboardConfig load(String yaml, ConfigLoader.FlagValue... flags) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(Optional.of(f), List.of(), List.of(flags), k -> null, () -> 1L).dashboard();
    }

    @Test
    void by_default_the_dashboard_listens_on_loopback_8089_and_may_move_to_a_free_port() {
        DashboardConfig d = ConfigLoader.load(Optional.empty(), List.of(), List.of(), k -> null, () -> 1L).dashboard();
        assertThat(d).isEqualTo(new DashboardConfig(8089, false, "127.0.0.1", Optional.empty()));
        assertThat(d.enabled()).isTrue();
    }

    @Test
    void a_port_asked_for_must_be_that_port_but_the_default_written_in_a_file_may_still_move() throws IOException {
        assertThat(load("dashboard:\n  port: 8089\n").exactPort()).isFalse();
        assertThat(load("dashboard:\n  port: 9100\n").exactPort()).isTrue();
        assertThat(load("{}", ConfigLoader.FlagValue.of("dashboard.port", "8089", "--dashboard-port")).exactPort()).isTrue();
        assertThat(load("{}", ConfigLoader.FlagValue.of("dashboard.port", "0", "--dashboard-port")).enabled()).isFalse();
    }

    @Test
    void a_non_loopback_address_without_a_token_is_refused_before_anything_starts() {
        assertThatThrownBy(() -> load("dashboard:\n  bind: 0.0.0.0\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:9: dashboard.bind 0.0.0.0 is not a loopback address")
                .hasMessageContaining("set dashboard.token");
        assertThatThrownBy(() -> load("{}", ConfigLoader.FlagValue.of("dashboard.bind", "::", "--dashboard-bind")))
                .hasMessageStartingWith("--dashboard-bind: dashboard.bind :: is not a loopback address");
    }

    @Test
    void with_a_token_any_address_will_do_and_the_token_never_shows_in_text() throws IOException {
        DashboardConfig d = load("dashboard:\n  bind: 0.0.0.0\n  token: s3cret-t0ken\n");
        assertThat(d.token()).contains("s3cret-t0ken");
        assertThat(d.toString()).doesNotContain("s3cret").contains("token=(set)");
        assertThat(load("dashboard:\n  bind: '[::1]'\n").bind()).isEqualTo("::1");
        assertThat(load("dashboard:\n  bind: localhost\n  port: 0\n").enabled()).isFalse();
    }

    @Test
    void bad_values_get_one_line_that_says_what_to_write() {
        assertThatThrownBy(() -> load("dashboard:\n  port: 70000\n")).hasMessageContaining("dashboard.port must be from 0 to 65535");
        assertThatThrownBy(() -> load("dashboard:\n  bind: my-host.example\n"))
                .hasMessageContaining("dashboard.bind must be an IP address such as 127.0.0.1");
        assertThatThrownBy(() -> load("dashboard:\n  token: short\n")).hasMessageContaining("dashboard.token must be at least 8 characters");
        assertThatThrownBy(() -> load("dashboard:\n  prot: 1\n")).hasMessageContaining("unknown key 'dashboard.prot' (did you mean 'dashboard.port'?)");
    }
}
