package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.genet.bootstrap.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code genet server --config FILE} and {@code --print-config}: what is printed reads back as the
 * same configuration, the command line wins over the file, and a key that is no option or a value
 * an option does not take is refused with the file named. Nothing here listens on a port.
 */
class ServerConfigFileTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The configuration the server would run with, read as {@code genet server} reads it. */
    private static ServerConfig configOf(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        if (command.configFile == null) {
            return command.config();
        }
        ServerCommand fromFile = new ServerCommand();
        ConfigFile.parse(command.spec, command.configFile, fromFile);
        return fromFile.config();
    }

    private Path file(String text) throws Exception {
        Path f = Files.createTempFile(dir, "server", ".properties");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /**
     * The defaults are written twice, as the options' defaults (what --help shows) and as the
     * library's ({@link ServerConfig#builder}); they must be the same, or a server started from
     * the command line would not be the server the docs and the library describe.
     */
    @Test
    void theCommandsDefaultsAreTheLibrarysDefaults() {
        ServerConfig fromOptions = configOf("--secret", "s");
        // the TURN secret's default is $GENET_TURN_SECRET, which a developer's shell may set
        fromOptions = fromOptions.toBuilder().iceServers(fromOptions.iceServers(), null, fromOptions.turnTtlSeconds()).build();
        assertThat(fromOptions).isEqualTo(ServerConfig.builder("s").build());
    }

    @Test
    void printedConfigurationReadsBackTheSame() throws Exception {
        String[] options = {"--max-join-sockets", "7", "--ice-server", "stun:a.example:3478",
            "--ice-server", "turn:b.example:3478", "--no-stun", "--exempt-localhost", "--signal-burst", "300",
            "--name", "hall", "--turn-secret", "shared"};
        Run printed = run(concat(new String[] {"server", "--secret", "s", "--print-config"}, options));
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out()).contains("max-join-sockets=7\n", "stun=false\n", "exempt-localhost=true\n",
                "ice-server=stun:a.example:3478,turn:b.example:3478\n", "signal-burst=300\n", "name=hall\n", "port=");
        assertThat(printed.out()).as("secrets are not printed").doesNotContain("=s\n").doesNotContain("shared");

        Path f = file(printed.out());
        Run again = run("server", "--secret", "s", "--config", f.toString(), "--print-config");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(printed.out());
        assertThat(configOf("--secret", "s", "--turn-secret", "shared", "--config", f.toString()))
                .isEqualTo(configOf(concat(new String[] {"--secret", "s"}, options)));
    }

    @Test
    void theCommandLineWinsOverTheFile() throws Exception {
        Path f = file("max-join-sockets=7\nmax-frame-bytes=2048\nsecret=from-file\n");
        ServerConfig config = configOf("--config", f.toString(), "--max-join-sockets", "9");
        assertThat(config.maxJoinSockets()).isEqualTo(9);
        assertThat(config.maxFrameBytes()).isEqualTo(2048);
        assertThat(config.secret()).isEqualTo("from-file");
        assertThat(configOf("--secret", "s").maxJoinSockets()).isEqualTo(ServerConfig.builder("s").build().maxJoinSockets());
    }

    @Test
    void anUnknownKeyIsRefusedWithTheFileNamed() throws Exception {
        Path f = file("max-join-socket=7\n");
        assertThat(refusalOf(f)).contains("--config " + f, "unknown key 'max-join-socket'", "max-join-sockets");
    }

    @Test
    void aBadValueIsRefusedWithTheFileNamed() throws Exception {
        Path notANumber = file("max-join-sockets=many\n");
        assertThat(refusalOf(notANumber)).contains("--config " + notANumber, "'many'", "--max-join-sockets");

        Path outOfRange = file("max-frame-bytes=10\n");
        assertThat(refusalOf(outOfRange)).contains("--config " + outOfRange, "the frame limit must be at least 1024");

        Run missing = run("server", "--secret", "s", "--config", dir.resolve("none.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("none.properties", "cannot read it");
    }

    /** {@code genet server --config file --print-config} refuses the file (exit 2, nothing printed): what it says why. */
    private static String refusalOf(Path file) {
        Run r = run("server", "--secret", "s", "--config", file.toString(), "--print-config");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        return r.err();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
