package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.junit.jupiter.api.Test;

/**
 * Every --help is whole: each description is one paragraph that picocli wraps itself (a
 * description given as several strings became several lines, each cut where the source line
 * ended), and ends like a sentence.
 */
class HelpTextTest {
    @Test
    void everyCommandsHelpIsMadeOfWholeSentences() {
        CommandLine main = Main.commandLine();
        check(main);
        assertThat(main.getSubcommands()).containsKeys("server", "discover", "root", "node", "simulate", "bench",
                "bench-server", "screenshot");
        for (CommandLine sub : main.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) { // internal commands (bench-worker) are not for users
                check(sub);
            }
        }
    }

    private static void check(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String name = spec.qualifiedName();
        assertThat(spec.usageMessage().description()).as(name + "'s description").hasSize(1);
        assertThat(spec.usageMessage().description()[0]).as(name + "'s description").matches("(?s).*[.)]$");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            assertThat(option.description()).as(name + " " + option.longestName()).hasSize(1);
            assertThat(option.description()[0]).as(name + " " + option.longestName()).matches("(?s).*[.)]$");
        }
        StringWriter help = new StringWriter();
        command.usage(new PrintWriter(help));
        assertThat(help.toString()).as(name + " --help").startsWith("Usage: " + name);
    }
}
