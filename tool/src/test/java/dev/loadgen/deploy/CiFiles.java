package dev.loadgen.deploy;

import static dev.loadgen.deploy.Manifests.ROOT;
import static dev.loadgen.deploy.Manifests.list;
import static dev.loadgen.deploy.Manifests.map;
import static dev.loadgen.deploy.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.cli.Main;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Reading docs/ci/'s files as their CI systems do: GitHub's jobs of steps, each {@code run} a script of
 * its own, and GitLab's jobs (the top-level maps with a {@code script}), whose {@code before_script} and
 * {@code script} run as one script; the variables each script is given; and the {@code ./loadgen}
 * commands in them, with the arguments the shell passes.
 */
final class CiFiles {
    static final String GITHUB = "docs/ci/github-actions.yml";
    static final String GITLAB = "docs/ci/gitlab-ci.yml";
    static final Set<String> SCRIPT_KEYS = Set.of("run", "script", "before_script", "after_script");

    private CiFiles() {}

    /** A shell script of a job: where it is, its text, and the variables the file gives it. */
    record Script(String where, String text, Set<String> declared) {}

    /** One {@code ./loadgen} command of a script, with its arguments as the shell passes them under {@code env}. */
    record Run(String where, List<String> args, Map<String, String> env) {
        ParseResult parse() {
            try {
                return new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(this + ": " + e.getMessage(), e);
            }
        }

        String value(String option) {
            String v = parse().matchedOptionValue(option, (String) null);
            assertThat(v).as(this + " gives " + option).isNotNull();
            return v;
        }
    }

    static Map<String, Object> yaml(String file) {
        return Manifests.yaml(ROOT.resolve(file));
    }

    static Map<String, Map<String, Object>> jobs(String file) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        if (file.equals(GITHUB)) {
            map(yaml(file), "jobs").forEach((name, job) -> jobs.put(name, map(job)));
        } else {
            yaml(file).forEach((name, v) -> {
                if (v instanceof Map<?, ?> m && m.containsKey("script")) {
                    jobs.put(name, map(v));
                }
            });
        }
        assertThat(jobs).as(file + " has a job").isNotEmpty();
        return jobs;
    }

    static Map<String, Object> job(String file) {
        return jobs(file).values().iterator().next();
    }

    static List<Map<String, Object>> githubSteps() {
        return list(job(GITHUB).get("steps")).stream().map(Manifests::map).toList();
    }

    static List<Script> scripts(String file) {
        Map<String, Object> doc = yaml(file);
        List<Script> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> job : jobs(file).entrySet()) {
            Map<String, Object> j = job.getValue();
            if (file.equals(GITHUB)) {
                List<Object> steps = list(j.get("steps"));
                for (int i = 0; i < steps.size(); i++) {
                    Map<String, Object> step = map(steps.get(i));
                    if (step.containsKey("run")) {
                        Set<String> declared = declared(doc.get("env"), j.get("env"), step.get("env"));
                        out.add(new Script(file + ": jobs." + job.getKey() + ".steps[" + i + "]", String.valueOf(step.get("run")), declared));
                    }
                }
            } else {
                Set<String> declared = declared(doc.get("variables"), j.get("variables"));
                List<String> main = new ArrayList<>();
                for (String key : List.of("before_script", "script")) {
                    if (j.get(key) != null) {
                        main.addAll(strings(j.get(key)));
                    }
                }
                out.add(new Script(file + ": " + job.getKey() + ".script", String.join("\n", main), declared));
                if (j.get("after_script") != null) {
                    out.add(new Script(file + ": " + job.getKey() + ".after_script", String.join("\n", strings(j.get("after_script"))), declared));
                }
            }
        }
        return out;
    }

    private static Set<String> declared(Object... variables) {
        Set<String> names = new LinkedHashSet<>();
        for (Object v : variables) {
            if (v != null) {
                names.addAll(map(v).keySet());
            }
        }
        return names;
    }

    /** Variables the CI system sets in every job (GitLab's CI_*, GitHub's GITHUB_*), which a file need not declare. */
    static boolean predefined(String name) {
        return name.matches("(CI|GITHUB)_\\w+");
    }

    /**
     * A script's two environments: every variable it reads empty, and every one set to a URL; the CI system's own
     * variables are set in both, as they are in every job.
     */
    static List<Map<String, String>> environments(Script s) {
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, String> empty = new LinkedHashMap<>();
        ShellWords.variables(s.text()).forEach(v -> {
            set.put(v, "https://staging.example.com/");
            if (predefined(v)) {
                empty.put(v, "https://ci.example.com/");
            }
        });
        return List.of(empty, set);
    }

    static List<Run> runs(String file) {
        List<Run> runs = new ArrayList<>();
        for (Script s : scripts(file)) {
            for (Map<String, String> env : environments(s)) {
                for (ShellWords.Command c : ShellWords.commands(s.text(), env)) {
                    if (c.words().getFirst().endsWith("loadgen")) {
                        assertThat(c.words().getFirst()).as(s.where() + " line " + c.line() + ": the launcher at the repository's root").isEqualTo("./loadgen");
                        runs.add(new Run(s.where() + " line " + c.line(), c.words().subList(1, c.words().size()), env));
                    }
                }
            }
        }
        assertThat(runs).as(file + " runs loadgen").isNotEmpty();
        return runs;
    }

    /** The one results folder the file's runs write to. */
    static String outFolder(String file) {
        List<String> outs = runs(file).stream().map(r -> r.value("--out")).distinct().toList();
        assertThat(outs).as(file + ": one results folder").hasSize(1);
        return outs.getFirst();
    }
}
