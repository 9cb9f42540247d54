package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;

/**
 * The "From zero" tutorial of docs/scenarios.md is a config that works: its blocks marked
 * {@code <!-- tutorial: ... -->} are put together as the text says (the first is blog.yaml; each "added" block
 * replaces, in blog.yaml, the actions, variables, data files and personas of the same name and any other
 * section whole), every state on the way passes {@code loadgen validate} with every action reached, and the
 * whole file the page shows at the end is what the steps build and passes too.
 */
class ScenarioDocsTest {
    private static final Path DOC = Path.of(System.getProperty("loadgen.root", "..")).resolve("docs/scenarios.md");
    private static final String SECTION = "## From zero";
    private static final String MARK = "<!-- tutorial: ";
    /** The sections of named things, merged name by name (as a config over its scenario, docs/scenarios.md). */
    private static final Set<String> BY_NAME = Set.of("actions", "personas", "variables", "pools", "data", "sockets");

    private record Block(String label, String text, int line) {}

    @Test
    void the_from_zero_tutorial_builds_a_valid_config(@TempDir Path dir) throws IOException {
        List<Block> blocks = tutorialBlocks(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        List<Block> start = blocks.stream().filter(b -> b.label().equals("blog.yaml")).toList();
        List<Block> added = blocks.stream().filter(b -> b.label().equals("blog.yaml, added")).toList();
        List<Block> csv = blocks.stream().filter(b -> b.label().equals("accounts.csv")).toList();
        List<Block> whole = blocks.stream().filter(b -> b.label().equals("blog.yaml, whole")).toList();
        assertThat(start).as("the first blog.yaml").hasSize(1);
        assertThat(added).as("the steps that add to it").isNotEmpty();
        assertThat(csv).as("accounts.csv").hasSize(1);
        assertThat(whole).as("the whole file").hasSize(1);
        assertThat(blocks).as("only these labels").hasSize(start.size() + added.size() + csv.size() + whole.size());

        Files.writeString(dir.resolve("accounts.csv"), csv.get(0).text());
        Path file = dir.resolve("blog.yaml");

        Files.writeString(file, start.get(0).text());
        validates(file, start.get(0));
        Map<String, Object> state = load(start.get(0).text());
        Dump dump = new Dump(DumpSettings.builder().build());
        for (Block b : added) {
            state = merge(state, load(b.text()));
            Files.writeString(file, dump.dumpToString(state));
            validates(file, b);
        }

        Files.writeString(file, whole.get(0).text());
        validates(file, whole.get(0));
        assertThat(load(whole.get(0).text())).as("the whole file (docs/scenarios.md:" + whole.get(0).line()
                + ") is what the steps build").isEqualTo(state);
    }

    /** The marked fenced blocks of the tutorial's section; every yaml block of the section must be marked. */
    private static List<Block> tutorialBlocks(List<String> lines) {
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith(SECTION)).findFirst().orElseThrow(
                () -> new AssertionError(DOC + " has no section " + SECTION)));
        List<Block> out = new ArrayList<>();
        String label = null;
        for (int i = from + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String l = lines.get(i);
            if (l.startsWith(MARK) && l.endsWith(" -->")) {
                label = l.substring(MARK.length(), l.length() - " -->".length());
            } else if (l.startsWith("```") && l.length() > 3) {
                int start = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                if (l.equals("```yaml")) {
                    assertThat(label).as("the yaml block at docs/scenarios.md:" + (start + 1) + " is marked " + MARK + "... -->").isNotNull();
                }
                if (label != null) {
                    out.add(new Block(label, text.toString(), start + 1));
                }
                label = null;
            } else if (!l.isBlank()) {
                label = null;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> into, Map<String, Object> added) {
        Map<String, Object> out = new LinkedHashMap<>(into);
        added.forEach((k, v) -> {
            if (BY_NAME.contains(k) && out.get(k) instanceof Map<?, ?> was && v instanceof Map<?, ?> now) {
                Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) was);
                m.putAll((Map<String, Object>) now);
                out.put(k, m);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void validates(Path file, Block step) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ValidateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(file.toString());
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        String where = "blog.yaml after the block at docs/scenarios.md:" + step.line() + ":\n" + Files.readString(file) + "\n";
        assertThat(code).as(where + said).isZero();
        assertThat(said).as(where).contains(": ok: ").doesNotContain("never reached");
    }
}
