package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.Origin;
import dev.loadgen.config.ScenarioSpec;
import dev.loadgen.config.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files that cannot be used: one clear error each, and no file left open behind it. */
class FeedersTest {
    private static long openFiles() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static ScenarioSpec.DataSpec spec(Path file) {
        Origin at = new Origin(file.resolveSibling("config.yaml").toString(), 3, 14);
        return new ScenarioSpec.DataSpec("rows", new ScenarioSpec.Text(file.toString(), at), ScenarioSpec.Order.UNIQUE, false, at);
    }

    @Test
    void a_file_that_fails_after_it_was_scanned_is_closed(@TempDir Path dir) throws Exception {
        Path blankColumn = Files.writeString(dir.resolve("a.csv"), "email,\nann@x.test,1\n");
        Path headerOnly = Files.writeString(dir.resolve("b.csv"), "email,password\n");
        Path badFirst = Files.writeString(dir.resolve("c.json"), "[{\"a\": 1}, 2]");
        Path emptyArray = Files.writeString(dir.resolve("d.json"), "[]");
        assertThatThrownBy(() -> Feeders.open(spec(blankColumn), 0, Segment.WHOLE)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("the header row has an empty column name");
        assertThatThrownBy(() -> Feeders.open(spec(headerOnly), 0, Segment.WHOLE)).hasMessageContaining("has no rows; give it rows under its header row");
        assertThatThrownBy(() -> Feeders.open(spec(badFirst), 0, Segment.WHOLE)).hasMessageContaining("element 1 is not an object");
        assertThatThrownBy(() -> Feeders.open(spec(emptyArray), 0, Segment.WHOLE)).hasMessageContaining("has no rows; give it rows (a JSON array");
        long before = openFiles();
        for (int i = 0; i < 50; i++) {
            for (Path p : new Path[] {blankColumn, headerOnly}) {
                try {
                    Feeders.open(spec(p), 0, Segment.WHOLE);
                } catch (ConfigException expected) {
                    // the error is the point; what is left open is what is measured
                }
            }
        }
        assertThat(openFiles() - before).isLessThan(10);
    }
}
