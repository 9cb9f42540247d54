package dev.loadgen.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Builds the {@link RunConfig}: the YAML file (if any), then each {@code --set key=value}, then the
 * flags, each later source winning, then binding and validation. Nothing here starts anything, so a bad
 * config costs nothing.
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /**
     * A value set by a command-line flag at a config key; an absent value unsets the key. With {@code file},
     * the value is that YAML file's content, read when the config is loaded and applied before the
     * {@code --set}s (so they can adjust it). A flag that {@link #owns} its key refuses a {@code --set} of the same key,
     * which it would override; a {@link #fallback} sets its key only where the file and the {@code --set}s leave it unset,
     * with a value worked out from the rest of the configuration.
     */
    public record FlagValue(String key, Optional<ConfigNode> value, String flag, Optional<Path> file, boolean owns,
                            Optional<Function<ConfigNode.MapNode, ConfigNode>> fallback) {
        public FlagValue(String key, Optional<ConfigNode> value, String flag) {
            this(key, value, flag, Optional.empty(), false, Optional.empty());
        }

        /** {@code --chaos FILE}: the file's content (or its {@code chaos:} section) replaces the key's. */
        public static FlagValue section(String key, Path file, String flag) {
            return new FlagValue(key, Optional.empty(), flag, Optional.of(file), false, Optional.empty());
        }

        public static FlagValue of(String key, String text, String flag) {
            return new FlagValue(key, Optional.of(new ConfigNode.Scalar(text, false, Origin.flag(flag))), flag);
        }

        public static FlagValue unset(String key, String flag) {
            return new FlagValue(key, Optional.empty(), flag);
        }

        public static FlagValue node(String key, ConfigNode node, String flag) {
            return new FlagValue(key, Optional.of(node), flag);
        }

        /** A value the flag stands for: a {@code --set} of the same key (or inside it) is an error rather than lost. */
        public static FlagValue owned(String key, ConfigNode node, String flag) {
            return new FlagValue(key, Optional.of(node), flag, Optional.empty(), true, Optional.empty());
        }

        /** The flag's default for a key the file and the {@code --set}s leave unset, from the configuration as it stands. */
        public static FlagValue fallback(String key, String flag, Function<ConfigNode.MapNode, ConfigNode> value) {
            return new FlagValue(key, Optional.empty(), flag, Optional.empty(), false, Optional.of(value));
        }
    }

    public static RunConfig load(Optional<Path> file, List<String> sets, List<FlagValue> flags,
                                 Function<String, String> env, LongSupplier randomSeed) {
        ConfigNode.MapNode root = tree(file, sets, flags, env);
        return ConfigBinder.bind(root, env, randomSeed);
    }

    static ConfigNode.MapNode tree(Optional<Path> file, List<String> sets, List<FlagValue> flags, Function<String, String> env) {
        Interpolation interpolation = new Interpolation(env);
        ConfigNode.MapNode root = file.map(f -> YamlSource.parseFile(f.toString(), read(f, "config file", f.isAbsolute() ? "" : " (relative to the current folder)"), interpolation))
                .orElseGet(() -> new ConfigNode.MapNode(Origin.DEFAULTS));
        for (FlagValue f : flags) {
            if (f.file().isPresent()) {
                Path p = f.file().get();
                ConfigNode.MapNode section = YamlSource.parseFile(p.toString(), read(p, "config file", " given to " + f.flag()), interpolation);
                ConfigNode inner = section.entries().get(f.key());
                Overrides.put(root, f.key(), section.entries().size() == 1 && inner != null ? inner : section);
            }
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(Origin.flag("--set " + set), "write --set key=value, like --set load.users=50");
            }
            String key = set.substring(0, eq).trim();
            String flagText = "--set " + set;
            boolean template = YamlSource.TEMPLATE_SECTIONS.contains(key.split("\\.")[0]);
            Overrides.put(root, key, YamlSource.parseValue(flagText, set.substring(eq + 1), template ? t -> t : interpolation));
        }
        for (FlagValue f : flags) {
            if (!f.owns()) {
                continue;
            }
            for (String set : sets) {
                String key = set.substring(0, set.indexOf('=')).trim();
                if (key.equals(f.key()) || key.startsWith(f.key() + ".")) {
                    throw new ConfigException(Origin.flag("--set " + set), "--set " + key + " would be lost: " + f.flag() + " sets " + f.key()
                            + "; drop the --set, or write the whole scenario in a config file instead of " + f.flag());
                }
            }
        }
        for (FlagValue f : flags) {
            if (f.file().isEmpty() && f.fallback().isEmpty()) {
                Overrides.put(root, f.key(), f.value().orElseGet(() -> new ConfigNode.Scalar("", true, Origin.flag(f.flag()))));
            }
        }
        for (FlagValue f : flags) {
            if (f.fallback().isPresent() && Overrides.get(root, f.key()).isEmpty()) {
                Overrides.put(root, f.key(), f.fallback().get().apply(root));
            }
        }
        return Scenarios.under(root, interpolation);
    }

    /** Parses a YAML snippet as a config value (used by flags that expand into several keys). */
    public static ConfigNode parse(String flagText, String yaml) {
        return YamlSource.parseValue(flagText, yaml, t -> t);
    }

    /**
     * A YAML file's text, or a one-line error about it. {@code what} names the file ("config file"), and
     * {@code where} says how its path was given, for the fix when nothing is there (" given to --chaos").
     * Commands that take the file as an argument rely on these messages rather than checking it themselves.
     */
    static String read(Path f, String what, String where) {
        if (Files.isDirectory(f)) {
            throw new ConfigException(what + " " + f + " is a folder; give the YAML file itself");
        }
        try {
            return Files.readString(f);
        } catch (NoSuchFileException e) {
            throw new ConfigException(what + " " + f + " does not exist; check the path" + where);
        } catch (MalformedInputException e) {
            throw new ConfigException(what + " " + f + " is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(what + " " + f + " cannot be read (" + e.getMessage() + "); check that it is a file you may read");
        }
    }
}
