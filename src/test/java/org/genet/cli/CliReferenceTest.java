package org.genet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * docs/cli.md is what {@link CliReference} makes from the picocli model now: a command or an option added, renamed
 * or redescribed without regenerating the page fails here, saying the command that regenerates it.
 */
class CliReferenceTest {
    private static final Path CLI_MD = Path.of("docs", "cli.md");

    @Test
    void theCommittedReferenceIsWhatTheModelMakes() throws IOException {
        String committed = Files.readString(CLI_MD, StandardCharsets.UTF_8);
        String now = CliReference.markdown();
        if (!committed.equals(now)) {
            fail("docs/cli.md differs from the command line's picocli model (" + firstDifference(committed, now)
                    + "). Regenerate it with: " + CliReference.REGENERATE);
        }
    }

    /** Walks the model on its own (with picocli's own reading of names) and looks for each in its command's section. */
    @Test
    void everyCommandOptionAndParameterIsInItsSectionOfCliMd() throws IOException {
        String md = Files.readString(CLI_MD, StandardCharsets.UTF_8);
        CommandLine genet = Main.commandLine();
        List<String> missing = new ArrayList<>();
        int commands = 0;
        int options = 0;
        for (CommandLine command : CliReference.commands(genet)) {
            commands++;
            CommandSpec spec = command.getCommandSpec();
            String section = section(md, spec.qualifiedName());
            if (section == null) {
                missing.add("command `" + spec.qualifiedName() + "`");
                continue;
            }
            for (OptionSpec option : spec.options()) {
                options++;
                for (String name : option.names()) {
                    if (!section.contains("`" + name + "`") && !section.contains("`" + name + " ")) {
                        missing.add(spec.qualifiedName() + " " + name);
                    }
                }
            }
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                if (!parameter.hidden() && !section.contains("`" + parameter.paramLabel() + "`")) {
                    missing.add(spec.qualifiedName() + " parameter " + parameter.paramLabel());
                }
            }
        }
        assertTrue(commands > 10 && options > 100, "the model walked: " + commands + " commands, " + options + " options");
        assertEquals(List.of(), missing, "not in docs/cli.md; regenerate it with: " + CliReference.REGENERATE);
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("genet-bench-stun", CliReference.slug("genet bench-stun"));
        assertEquals("across-the-internet", CliReference.slug("Across the internet"));
        assertEquals("the-app-the-tree-and-the-talk", CliReference.slug("The app: the tree, and the talk"));
    }

    /** The text under "## NAME" up to the next heading of that level, or null without one. */
    private static String section(String md, String name) {
        String heading = "\n## " + name + "\n";
        int start = md.indexOf(heading);
        if (start < 0) {
            return null;
        }
        int end = md.indexOf("\n## ", start + heading.length());
        return md.substring(start, end < 0 ? md.length() : end);
    }

    private static String firstDifference(String committed, String now) {
        String[] a = committed.split("\n", -1);
        String[] b = now.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "line " + (i + 1) + ": committed \"" + shorten(a[i]) + "\", now \"" + shorten(b[i]) + "\"";
            }
        }
        return "committed " + a.length + " lines, now " + b.length;
    }

    private static String shorten(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
