package org.genet.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * A command's options in a properties file ({@code genet server --config FILE}): one
 * {@code KEY=VALUE} a line, each key an option's longest name without its dashes, read by
 * picocli's {@link CommandLine.PropertiesDefaultProvider}, so that an option given on the command
 * line wins over the file. {@link #print} writes the options in effect in the same format.
 */
final class ConfigFile {
    /** Options that are not settings: never read from a file, never printed. */
    private static final Set<String> NOT_SETTINGS = Set.of("config", "print-config", "help", "version");

    private ConfigFile() {
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The keys a file may hold: every setting of the command. */
    static Set<String> keys(CommandSpec spec) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            if (!NOT_SETTINGS.contains(key(option))) {
                keys.add(key(option));
            }
        }
        return keys;
    }

    /**
     * Parses the command line that {@code spec} parsed again into {@code command}, with the
     * defaults from {@code file}. A file that cannot be read, a key that is no option, or a value
     * an option does not take is a {@link ParameterException} naming the file.
     */
    static void parse(CommandSpec spec, Path file, Object command) {
        CommandLine cli = spec.commandLine();
        Properties values = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(cli, "--config " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        Set<String> keys = keys(spec);
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            if (!keys.contains(key)) {
                throw new ParameterException(cli, "--config " + file + ": unknown key '" + key + "'; the keys are "
                        + String.join(", ", keys));
            }
        }
        CommandLine again = new CommandLine(command);
        again.setOut(cli.getOut());
        again.setErr(cli.getErr());
        again.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(values));
        List<String> args = cli.getParseResult().originalArgs();
        if (cli.getParent() != null) { // the arguments after the subcommand's name are its own
            args = args.subList(args.indexOf(spec.name()) + 1, args.size());
        }
        try {
            again.parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new ParameterException(cli, "--config " + file + ": " + e.getMessage());
        }
    }

    /** The settings in effect, as a file {@link #parse} reads back; those in {@code leftOut}, and unset ones, as comments. */
    static String print(CommandSpec spec, Set<String> leftOut) {
        StringBuilder out = new StringBuilder("# genet " + spec.name() + ": the configuration in effect; --config FILE reads it back.\n");
        if (!leftOut.isEmpty()) {
            out.append("# Left out: ").append(String.join(", ", new TreeSet<>(leftOut)))
                    .append(" (give them as options, or add them here).\n");
        }
        for (OptionSpec option : spec.options()) {
            String key = key(option);
            if (NOT_SETTINGS.contains(key) || leftOut.contains(key)) {
                continue;
            }
            Object value = option.getValue();
            String text = value instanceof Collection<?> c
                    ? c.stream().map(String::valueOf).collect(Collectors.joining(","))
                    : value == null ? "" : String.valueOf(value);
            if (text.isEmpty()) {
                out.append('#').append(key).append("=\n");
            } else {
                out.append(key).append('=').append(text.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            }
        }
        return out.toString();
    }
}
