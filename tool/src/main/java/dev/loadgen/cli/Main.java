package dev.loadgen.cli;

import dev.loadgen.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code loadgen} command. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "loadgen 0.1.0",
        subcommands = {DemoCommand.class},
        description = "Simulates realistic human users against microservices.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
