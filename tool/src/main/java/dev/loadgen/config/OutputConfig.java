package dev.loadgen.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where the results folder goes (default {@code results/<start time>/}), and what the console shows. */
public record OutputConfig(Optional<Path> dir, boolean quiet, Duration progressInterval) {}
