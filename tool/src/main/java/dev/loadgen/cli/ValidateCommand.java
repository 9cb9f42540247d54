package dev.loadgen.cli;

import dev.loadgen.config.ConfigException;
import dev.loadgen.config.RunConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadgen validate FILE}: checks a config and its scenario as a run would before starting, and sends
 * nothing: every key, every action and step, every variable defined before it is read, JSONPaths and regular
 * expressions well-formed, data files readable with the columns used, personas' actions known. Then says
 * what the scenario holds, and which of its actions nothing leads to.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a config (and the scenario it names) without sending anything: one line per problem, "
                + "with its file:line:column, and exit code 2; or a short account of the scenario and exit code 0."},
        footer = {"", "Examples:", "  loadgen validate configs/demo-scenario.yaml", "  loadgen validate my-api.yaml --set target.named.api=http://127.0.0.1:9000"})
public final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config or scenario file.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a config key, as for a run (repeatable).")
    List<String> sets = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    public ValidateCommand() {
        this(System.out, System.err);
    }

    ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        RunPlan plan;
        Set<String> unreachable = new LinkedHashSet<>();
        AtomicInteger inUse = new AtomicInteger();
        try {
            plan = RunPlan.resolve(new RunRequest(Optional.of(file), sets, List.of(), false), System::getenv, s -> {
                unreachable.addAll(s.unreachable());
                inUse.set(s.actions().size());
            });
        } catch (ConfigException e) {
            err.println("loadgen validate: " + e.getMessage());
            return ExitCodes.BAD_USAGE;
        }
        RunConfig c = plan.config();
        c.warnings().forEach(w -> out.println("warning: " + w));
        unreachable.forEach(a -> out.println(c.scenario().actions().get(a).origin() + ": warning: action '" + a
                + "' is never reached: no persona's flow, users.actions, auth, instead or pick else leads to it"));
        out.println(file + ": ok: " + inUse.get() + " actions in use, " + c.population().personas().size() + " personas ("
                + String.join(", ", c.population().personas().stream().map(p -> p.name()).toList()) + "), "
                + c.scenario().data().size() + " data files, " + c.scenario().sockets().size() + " sockets"
                + (c.scenario().auth().isPresent() && c.population().account() != dev.loadgen.config.Population.AccountMode.NONE
                ? ", login by " + c.scenario().auth().get().login().value() : ", no login")
                + (plan.embeddedDemo() ? "; no target configured, so a run goes to the built-in demo app" : ""));
        return ExitCodes.OK;
    }
}
