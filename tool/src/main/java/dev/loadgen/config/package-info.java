/**
 * Configuration: the YAML file, {@code --set key=value} overrides and command-line flags, merged in
 * that order of precedence into one immutable, validated {@link dev.loadgen.config.RunConfig}.
 *
 * <p>Every value keeps its {@link dev.loadgen.config.Origin} (file:line:column, or the flag that set it),
 * so that each error names where the bad value came from. The files a value names are read here too when a bad
 * one must stop the run before it starts (the TLS certificates and keys, {@link dev.loadgen.config.TlsMaterials}).
 * This package calls nothing else in loadgen;
 * everything else reads its records.
 */
package dev.loadgen.config;
