package dev.loadgen.deploy;

import static dev.loadgen.deploy.CiFiles.GITHUB;
import static dev.loadgen.deploy.CiFiles.GITLAB;
import static dev.loadgen.deploy.CiFiles.SCRIPT_KEYS;
import static dev.loadgen.deploy.CiFiles.environments;
import static dev.loadgen.deploy.CiFiles.githubSteps;
import static dev.loadgen.deploy.CiFiles.job;
import static dev.loadgen.deploy.CiFiles.jobs;
import static dev.loadgen.deploy.CiFiles.outFolder;
import static dev.loadgen.deploy.CiFiles.runs;
import static dev.loadgen.deploy.CiFiles.scripts;
import static dev.loadgen.deploy.CiFiles.yaml;
import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.map;
import static dev.loadgen.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.config.Origin;
import dev.loadgen.config.Threshold;
import dev.loadgen.config.Values;
import dev.loadgen.deploy.CiFiles.Run;
import dev.loadgen.deploy.CiFiles.Script;
import dev.loadgen.report.HtmlReport;
import dev.loadgen.report.JunitXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * docs/ci/'s GitHub Actions workflow and GitLab CI job, which no runner executes here: each
 * {@code ./loadgen} command is parsed by loadgen's own command line (a renamed or misspelt flag fails),
 * with the target variable empty (the built-in demo) and set (a URL); every path they name is in the
 * repository or written by loadgen into the {@code --out} folder; the test report is that folder's
 * junit.xml; and the job's verdict is loadgen's exit code, with the reports published either way.
 */
class CiExamplesTest {
    /** What a run writes into its results folder that a CI file may name. */
    static final Set<String> WRITTEN = Set.of(JunitXml.FILE, HtmlReport.FILE, "summary.json");
    /** Paths the CI job fills itself: GitLab's Maven cache, the previous run's results folder fetched as the baseline. */
    static final Set<String> CI_OWNED = Set.of(".m2/repository", "previous");
    static final Pattern PATH = Pattern.compile("(\\./)?[A-Za-z_.][\\w.-]*(/[\\w.*-]+)*/?");

    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void every_loadgen_command_is_made_of_loadgens_own_options(String file) {
        for (Run r : runs(file)) {
            for (ParseResult p = r.parse(); p != null; p = p.subcommand()) {
                for (OptionSpec o : p.matchedOptions()) {
                    if (o.paramLabel().equals("FILE")) {
                        o.stringValues().forEach(v -> assertThat(ROOT.resolve(v)).as(r + " " + o.longestName()).isRegularFile());
                    }
                }
            }
            List<String> thresholds = r.parse().matchedOptionValue("--threshold", List.<String>of());
            assertThat(thresholds).as(r + " gates on thresholds").isNotEmpty();
            for (String t : thresholds) {
                assertThat(Threshold.parse(t, Origin.flag("--threshold " + t)).scope())
                        .as(r + ": '" + t + "' holds for the demo and for a URL alike").isEqualTo("all");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void every_run_is_bounded_repeatable_and_writes_its_results_inside_the_checkout(String file) {
        for (Run r : runs(file)) {
            assertThat(r.value("--seed")).as(r + ": a fixed seed").matches("\\d+");
            Duration run = Values.duration(r.value("--duration"), Origin.flag("--duration"), "load.duration");
            Duration stop = Values.duration(r.value("--graceful-stop"), Origin.flag("--graceful-stop"), "load.graceful-stop");
            assertThat(run).as(r + ": a short run on a shared runner").isLessThanOrEqualTo(Duration.ofMinutes(5));
            assertThat(jobTimeout(file)).as(file + ": the job's timeout leaves the run its time").isGreaterThan(run.plus(stop).plusMinutes(5));
            assertThat(Path.of(r.value("--out"))).as(r + ": --out").isRelative();
        }
    }

    static Duration jobTimeout(String file) {
        Map<String, Object> job = job(file);
        if (file.equals(GITHUB)) {
            return Duration.ofMinutes(((Number) job.get("timeout-minutes")).longValue());
        }
        return Values.duration(String.valueOf(job.get("timeout")).replace(" ", ""), Origin.flag("timeout"), "timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void every_path_named_is_in_the_repository_or_written_by_loadgen(String file) {
        String out = outFolder(file);
        List<String> named = new ArrayList<>();
        collect(yaml(file), named);
        for (Script s : scripts(file)) {
            for (Map<String, String> env : environments(s)) {
                for (ShellWords.Command c : ShellWords.commands(s.text(), env)) {
                    named.addAll(c.words());
                    String command = c.words().getFirst();
                    if (command.startsWith("./")) {
                        assertThat(Files.isExecutable(ROOT.resolve(command))).as(s.where() + ": " + command + " is executable").isTrue();
                    }
                }
            }
        }
        List<String> paths = named.stream().flatMap(t -> List.of(t.split("[\\s,]+")).stream())
                .filter(t -> t.contains("/") && PATH.matcher(t).matches()).distinct().toList();
        assertThat(paths).as(file).contains(out + "/" + JunitXml.FILE);
        for (String p : paths) {
            String n = p.replaceFirst("^\\./", "").replaceFirst("/$", "");
            boolean written = n.equals(out) || n.startsWith(out + "/") && WRITTEN.contains(n.substring(out.length() + 1));
            boolean owned = CI_OWNED.stream().anyMatch(o -> n.equals(o) || n.startsWith(o + "/"));
            assertThat(written || owned || Files.exists(ROOT.resolve(n)) && !ignored(n))
                    .as(file + " names " + p + ": not in the repository, nor written by loadgen into " + out).isTrue();
        }
    }

    /** Whether .gitignore keeps the path out of the repository ({@code dir/} for a folder anywhere, {@code *.ext}), as a build's output. */
    static boolean ignored(String path) {
        List<String> segments = List.of(path.split("/"));
        return Manifests.read(ROOT.resolve(".gitignore")).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .anyMatch(rule -> rule.endsWith("/") ? segments.contains(rule.substring(0, rule.length() - 1))
                        : rule.startsWith("*") ? path.endsWith(rule.substring(1)) : segments.contains(rule));
    }

    static Map<String, Object> githubStep(String action) {
        return githubSteps().stream().filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@")).findFirst()
                .orElseThrow(() -> new AssertionError(GITHUB + " has no step that uses " + action));
    }

    static Map<String, Object> githubReportStep() {
        return githubSteps().stream().filter(s -> String.valueOf(s.get("uses")).matches("(mikepenz/action-junit-report|dorny/test-reporter)@.+"))
                .findFirst().orElseThrow(() -> new AssertionError(GITHUB + " publishes no test report"));
    }

    @Test
    void the_workflow_has_triggers_and_a_job_that_checks_out_and_sets_up_a_temurin_jdk_of_21_or_later() {
        Map<String, Object> doc = yaml(GITHUB);
        assertThat(doc).containsKeys("on", "jobs");
        assertThat(map(doc, "on")).isNotEmpty();
        assertThat(jobs(GITHUB)).hasSize(1);
        assertThat(githubSteps()).isNotEmpty().allMatch(s -> s.containsKey("run") || s.containsKey("uses"));
        assertThat(githubSteps().getFirst().get("uses")).asString().startsWith("actions/checkout@");
        Map<String, Object> java = map(githubStep("actions/setup-java"), "with");
        assertThat(java).containsEntry("distribution", "temurin");
        assertThat(Integer.parseInt(String.valueOf(java.get("java-version")))).isGreaterThanOrEqualTo(21);
    }

    @Test
    void the_gitlab_file_has_a_job_with_a_script_on_a_temurin_image_of_21_or_later() {
        assertThat(jobs(GITLAB)).hasSize(1);
        Map<String, Object> job = job(GITLAB);
        assertThat(strings(job.get("script"))).isNotEmpty();
        assertThat(String.valueOf(job.get("image"))).matches(".*eclipse-temurin[:-](2[1-9]|[3-9]\\d)(\\D.*)?");
    }

    @Test
    void the_workflow_reports_the_out_folders_junit_xml_and_uploads_the_folder_even_when_the_run_failed() {
        String out = outFolder(GITHUB);
        Map<String, Object> report = githubReportStep();
        Map<String, Object> with = map(report, "with");
        assertThat(with.getOrDefault("report_paths", with.get("path"))).isEqualTo(out + "/" + JunitXml.FILE);
        Map<String, Object> upload = githubStep("actions/upload-artifact");
        assertThat(String.valueOf(map(upload, "with").get("path")).replaceFirst("/$", "")).isEqualTo(out);
        for (Map<String, Object> step : List.of(report, upload)) {
            assertThat(String.valueOf(step.get("if"))).as(step.get("uses") + " runs after a failed step").containsAnyOf("always()", "!cancelled()");
        }
    }

    @Test
    void the_gitlab_job_reports_the_out_folders_junit_xml_and_keeps_the_folder_even_when_the_run_failed() {
        String out = outFolder(GITLAB);
        Map<String, Object> artifacts = map(job(GITLAB), "artifacts");
        assertThat(map(artifacts, "reports")).containsEntry("junit", out + "/" + JunitXml.FILE);
        assertThat(strings(artifacts.get("paths"))).anyMatch(p -> p.replaceFirst("/$", "").equals(out));
        assertThat(artifacts).containsEntry("when", "always");
    }

    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void loadgens_exit_code_is_the_jobs_verdict(String file) {
        for (Script s : scripts(file)) {
            for (Map<String, String> env : environments(s)) {
                List<ShellWords.Command> commands = ShellWords.commands(s.text(), env);
                boolean runsLoadgen = commands.stream().anyMatch(c -> c.words().getFirst().equals("./loadgen"));
                assertThat(!runsLoadgen || commands.getLast().words().getFirst().equals("./loadgen"))
                        .as(s.where() + ": loadgen is the last command, so its exit code is the script's").isTrue();
                assertThat(s.text()).as(s.where()).doesNotContain("|| true", "set +e");
            }
        }
        Map<String, Object> job = job(file);
        assertThat(job.get("allow_failure")).as(file).isNotEqualTo(true);
        if (file.equals(GITHUB)) {
            assertThat(githubSteps()).noneMatch(st -> Boolean.TRUE.equals(st.get("continue-on-error")));
            assertThat(job.get("continue-on-error")).isNotEqualTo(true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void the_target_reaches_the_script_as_a_variable_the_file_declares(String file) {
        for (Script s : scripts(file)) {
            if (s.text().contains("./loadgen")) {
                assertThat(ShellWords.variables(s.text())).as(s.where()).isNotEmpty()
                        .allMatch(v -> s.declared().contains(v) || CiFiles.predefined(v));
            }
            assertThat(s.text()).as(s.where() + ": inputs go through the environment, never pasted into the script").doesNotContain("${{");
        }
    }

    /**
     * The words read here are the words bash passes: each script runs in bash with {@code ./loadgen} a function
     * that prints its arguments and every other command a function that does nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {GITHUB, GITLAB})
    void bash_passes_loadgen_the_words_this_test_reads(String file) throws IOException, InterruptedException {
        List<Script> withLoadgen = scripts(file).stream().filter(s -> s.text().contains("./loadgen")).toList();
        assertThat(withLoadgen).as(file).isNotEmpty();
        for (Script s : withLoadgen) {
            for (Map<String, String> env : environments(s)) {
                List<ShellWords.Command> commands = ShellWords.commands(s.text(), env);
                StringBuilder script = new StringBuilder("loadgen_args() { printf '%s\\037' \"$@\"; printf '\\n'; }\n");
                commands.stream().map(c -> c.words().getFirst()).filter(w -> w.matches("[\\w-]+")).distinct()
                        .forEach(w -> script.append(w).append("() { :; }\n"));
                script.append(s.text().replace("./loadgen ", "loadgen_args "));
                ProcessBuilder pb = new ProcessBuilder("bash", "-euc", script.toString()).redirectErrorStream(true);
                pb.environment().keySet().removeAll(ShellWords.variables(s.text()));
                pb.environment().putAll(env);
                Process p = pb.start();
                String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(s.where() + " in bash: " + printed).isZero();
                String read = commands.stream().filter(c -> c.words().getFirst().equals("./loadgen"))
                        .map(c -> String.join("\u001f", c.words().subList(1, c.words().size())) + "\u001f\n").collect(Collectors.joining());
                assertThat(printed).as(s.where() + " with " + env).isEqualTo(read).isNotEmpty();
            }
        }
    }

    /** Every string of the file but the shell scripts, which are read as commands. */
    static void collect(Object node, List<String> into) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (!SCRIPT_KEYS.contains(String.valueOf(k))) {
                    collect(v, into);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collect(v, into));
        } else if (node instanceof String s) {
            into.add(s);
        }
    }
}
