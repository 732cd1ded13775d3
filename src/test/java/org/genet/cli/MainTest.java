package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds the model of the command it runs only, and still reads and helps as the whole command line. */
class MainTest {

    @Test
    void aSubcommandRunIsBuiltWithThatSubcommandOnly() {
        CommandLine cli = Main.commandLine(new String[] {"node", "--host", "h:1"});
        assertThat(cli.getSubcommands()).containsOnlyKeys("node");
        CommandLine.ParseResult parsed = cli.parseArgs("node", "--host", "h:1", "--max-degree", "4");
        assertThat(parsed.subcommand().matchedOptionValue("--max-degree", 0)).isEqualTo(4);
    }

    @Test
    void eachSubcommandIsListedByTheNameItsAnnotationGives() {
        Main.subcommands().forEach((name, command) ->
                assertThat(command.getAnnotation(CommandLine.Command.class).name()).as(command.getName()).isEqualTo(name));
    }

    @Test
    void theAppAndItsLinkNeedNoSubcommand() {
        assertThat(Main.commandLine(new String[0]).getSubcommands()).isEmpty();
        CommandLine cli = Main.commandLine(new String[] {"genet://example.org:5000"});
        assertThat(cli.getSubcommands()).isEmpty();
        assertThat(cli.parseArgs("genet://example.org:5000").matchedPositionalValue(0, "")).isEqualTo("genet://example.org:5000");
    }

    @Test
    void helpSeesEveryCommand() {
        assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands())
                .containsOnlyKeys(Main.commandLine().getSubcommands().keySet());
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine(new String[] {"--help"}).setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("server", "node", "simulate", "screenshot");
    }
}
