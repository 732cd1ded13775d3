package org.genet.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes docs/cli.md, the reference of the {@code genet} command line, from picocli's model of it: every command,
 * subcommand, option and parameter with its description and default, in the order {@code --help} lists them. Nothing
 * here names a command or an option: a new one is in the reference once it is regenerated, and CliReferenceTest fails
 * until it is.
 *
 * <p>Run with {@link #REGENERATE}. Defaults are shown as written, not as this machine's environment would make
 * them ({@code ${env:GENET_LAN_ADDRESS:-auto}} reads "auto, or $GENET_LAN_ADDRESS"), so the file is the same on
 * every machine.
 */
public final class CliReference {
    /** The one command that rewrites docs/cli.md. */
    public static final String REGENERATE = "mvn -q compile exec:java@cli-reference";

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-([^}]*))?}");
    private static final Pattern SYS = Pattern.compile("\\$\\{sys:([A-Za-z0-9_.]+)(?::-([^}]*))?}");
    private static final Pattern OTHER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):-([^}]*)}");

    private CliReference() {
    }

    /** Writes the reference to the file given (docs/cli.md when none is). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/cli.md");
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    /** The whole {@code genet} command line as the model has it. */
    static CommandLine model() {
        CommandLine genet = Main.commandLine();
        genet.setInterpolateVariables(false); // defaults as written, not as this environment makes them
        genet.setUsageHelpWidth(100);
        return genet;
    }

    /** Every command in the model, the top one first, each followed by its own subcommands. */
    static List<CommandLine> commands(CommandLine top) {
        List<CommandLine> all = new ArrayList<>();
        all.add(top);
        for (CommandLine sub : top.getSubcommands().values()) {
            if (sub.getParent() == top && !all.contains(sub)) { // aliases map to the same one
                all.addAll(commands(sub));
            }
        }
        return all;
    }

    /** docs/cli.md as the model makes it now. */
    public static String markdown() {
        CommandLine top = model();
        List<CommandLine> commands = commands(top);
        StringBuilder md = new StringBuilder();
        md.append("# The `genet` command line\n\n");
        md.append("<!-- Generated from the picocli model by org.genet.cli.CliReference: do not edit by hand.\n");
        md.append("     After changing a command or an option, regenerate it with: ").append(REGENERATE).append(" -->\n\n");
        md.append("Every command, its options and their defaults, as `genet COMMAND --help` prints them. `genet` is the\n");
        md.append("installed launcher; from a build, `java -jar target/genet.jar` does the same. This page is generated\n");
        md.append("from the program's own model of its command line (`").append(REGENERATE).append("`), and a test\n");
        md.append("fails when it differs from what the program would print.\n\n");
        md.append("| command | what it does |\n|---|---|\n");
        for (CommandLine command : commands) {
            CommandSpec spec = command.getCommandSpec();
            md.append("| [`").append(spec.qualifiedName()).append("`](#").append(slug(spec.qualifiedName())).append(") | ")
                    .append(cell(firstSentence(join(spec.usageMessage().description()))))
                    .append(spec.usageMessage().hidden() ? " (internal: not listed by `--help`)" : "").append(" |\n");
        }
        for (CommandLine command : commands) {
            md.append('\n');
            section(md, command);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        md.append("## ").append(spec.qualifiedName()).append("\n\n");
        if (spec.usageMessage().hidden()) {
            md.append("Internal: not listed by `--help`.\n\n");
        }
        String description = join(spec.usageMessage().description());
        if (!description.isEmpty()) {
            md.append(plain(description, null)).append("\n\n");
        }
        md.append("```text\n").append(synopsis(command)).append("\n```\n\n");
        List<PositionalParamSpec> parameters = spec.positionalParameters();
        if (!parameters.isEmpty()) {
            md.append("| parameter | default | description |\n|---|---|---|\n");
            for (PositionalParamSpec parameter : parameters) {
                if (!parameter.hidden()) {
                    md.append("| `").append(parameter.paramLabel()).append("` | ").append(defaultCell(parameter)).append(" | ")
                            .append(cell(plain(join(parameter.description()), parameter))).append(" |\n");
                }
            }
            md.append('\n');
        }
        List<OptionSpec> options = spec.options();
        if (!options.isEmpty()) {
            md.append("| option | default | description |\n|---|---|---|\n");
            for (OptionSpec option : options) {
                md.append("| ").append(optionCell(option)).append(" | ").append(defaultCell(option)).append(" | ")
                        .append(cell(plain(join(option.description()), option)))
                        .append(option.hidden() ? " (hidden)" : "").append(" |\n");
            }
            md.append('\n');
        }
        List<String> subcommands = new ArrayList<>(command.getSubcommands().keySet());
        if (!subcommands.isEmpty()) {
            md.append("Commands: ");
            for (int i = 0; i < subcommands.size(); i++) {
                String name = spec.qualifiedName() + " " + subcommands.get(i);
                md.append(i == 0 ? "" : ", ").append("[`").append(subcommands.get(i)).append("`](#").append(slug(name)).append(')');
            }
            md.append(".\n\n");
        }
        // one blank line between sections, none at the end
        while (md.length() > 1 && md.charAt(md.length() - 1) == '\n' && md.charAt(md.length() - 2) == '\n') {
            md.setLength(md.length() - 1);
        }
    }

    /** How the command is called: its name, [OPTIONS], its parameters, and [COMMAND] when it has subcommands. */
    private static String synopsis(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        StringBuilder line = new StringBuilder(spec.qualifiedName());
        if (!spec.options().isEmpty()) {
            line.append(" [OPTIONS]");
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden()) {
                boolean optional = parameter.arity().min() == 0;
                line.append(' ').append(optional ? "[" : "").append(parameter.paramLabel()).append(optional ? "]" : "")
                        .append(parameter.isMultiValue() ? "..." : "");
            }
        }
        if (!command.getSubcommands().isEmpty()) {
            line.append(" [COMMAND]");
        }
        return line.toString();
    }

    private static String optionCell(OptionSpec option) {
        StringBuilder cell = new StringBuilder();
        for (String name : names(option)) {
            cell.append(cell.length() == 0 ? "" : ", ").append('`').append(name);
            if (option.arity().max() > 0 && !option.paramLabel().isEmpty()) {
                cell.append(' ').append(option.paramLabel());
            }
            cell.append('`');
        }
        if (option.isMultiValue()) {
            cell.append(" (repeatable)");
        }
        return cell.toString();
    }

    /**
     * An option's names as the user types them. Picocli's standard help options name themselves through variables
     * ({@code ${picocli.help.name.0:--h}}), which are read here as their default.
     */
    static List<String> names(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String name : option.names()) {
            names.add(replace(OTHER, name, m -> m.group(2)));
        }
        if (option.negatable() && option.command() != null) { // --stun also reads --no-stun
            for (String name : List.copyOf(names)) {
                String negative = option.command().negatableOptionTransformer().makeNegative(name, option.command());
                if (negative != null && !names.contains(negative)) {
                    names.add(negative);
                }
            }
        }
        return names;
    }

    /**
     * The default as picocli takes it: the annotation's, else a number the field starts with (as
     * {@link SharedOptions.MaxDegree} gets each command's own); flags and lists start empty, required ones have none.
     */
    private static String defaultOf(ArgSpec arg) {
        if (arg.defaultValue() != null) {
            return arg.defaultValue();
        }
        return !arg.required() && arg.hasInitialValue() && arg.initialValue() instanceof Number n ? String.valueOf(n) : null;
    }

    private static String defaultCell(ArgSpec arg) {
        String value = defaultOf(arg);
        if (value == null || arg.isOption() && ((OptionSpec) arg).usageHelp() || arg.isOption() && ((OptionSpec) arg).versionHelp()) {
            return "";
        }
        return cell(shownDefault(value));
    }

    /** A default as a reader takes it: variables of the environment or system properties said in words. */
    private static String shownDefault(String value) {
        String shown = replace(ENV, value, m -> "$" + m.group(1) + (m.group(2) == null ? "" : ", else " + m.group(2)));
        shown = replace(SYS, shown, m -> "-D" + m.group(1) + (m.group(2) == null ? "" : ", else " + m.group(2)));
        return shown.isEmpty() ? "\"\"" : shown;
    }

    /** Picocli's variables in a description replaced the way --help replaces them, environments aside. */
    private static String plain(String text, ArgSpec arg) {
        String out = text;
        if (arg != null) {
            String byDefault = defaultOf(arg);
            String value = byDefault == null ? "none" : shownDefault(byDefault);
            out = out.replace("${DEFAULT-VALUE}", value);
            List<String> candidates = new ArrayList<>();
            if (arg.completionCandidates() != null) {
                arg.completionCandidates().forEach(candidates::add);
            }
            out = out.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
        }
        out = replace(ENV, out, m -> m.group(2) == null ? "$" + m.group(1) : m.group(2));
        out = replace(SYS, out, m -> m.group(2) == null ? "-D" + m.group(1) : m.group(2));
        return out.replace("%n", " ").replace("$${", "${");
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<java.util.regex.MatchResult, String> with) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }

    private static String join(String[] lines) {
        return String.join(" ", lines).strip();
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /** Text that fits one cell of a Markdown table. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }

    /** The anchor GitHub gives a heading of this text (lower case, spaces to dashes, punctuation dropped). */
    static String slug(String heading) {
        StringBuilder slug = new StringBuilder();
        for (char c : heading.strip().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.append(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        }
        return slug.toString();
    }
}
