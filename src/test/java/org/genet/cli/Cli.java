package org.genet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code genet} in this process, as the command line would, its output and errors written into the given writers. */
final class Cli {
    private Cli() {
    }

    /** {@code genet args...}: its exit code. */
    static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }
}
