package dev.loadgen.demo;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code loadgen demo}: starts the demo services. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the demo app (auth, users, posts, chat) that loadgen tests by default.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("demo: not built yet");
        return 3;
    }
}
