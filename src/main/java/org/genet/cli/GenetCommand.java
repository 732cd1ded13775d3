package org.genet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.genet.overlay.Wire;
import picocli.CommandLine;

/**
 * What every {@code genet} command has: its picocli model, its output and error streams, an
 * error in its options that picocli prints with the command's usage, and a measured result
 * printed as text or, with {@code --json}, as one JSON line.
 */
abstract class GenetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** An error in the options: thrown, picocli prints it and the usage and exits with 2. */
    final CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints {@code result} as one JSON line if {@code json}, else as {@code text} writes it; then flushes. */
    final <T> void print(boolean json, T result, Consumer<PrintWriter> text) throws JsonProcessingException {
        PrintWriter out = out();
        if (json) {
            out.println(Wire.json().writeValueAsString(result));
        } else {
            text.accept(out);
        }
        out.flush();
    }
}
