package org.genet.cli;

import java.io.File;
import java.util.concurrent.Callable;
import org.genet.app.Screenshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet screenshot}: the app with a small live tree, as a PNG, without a display. */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = "Draws the app as root of a small live tree (real WebRTC, in this process) into a PNG, without a "
                + "display, and prints the app's memory as root.")
final class ScreenshotCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "genet.png", description = "The PNG to write (default ${DEFAULT-VALUE}).")
    File out;

    @Option(names = "--nodes", defaultValue = "8", description = "Nodes joining the app (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--max-degree", defaultValue = "5", description = "The app's maxDegree (default ${DEFAULT-VALUE}).")
    int maxDegree;

    @Option(names = "--node-processes", description = "Run the joiners as `node` processes, so that the memory printed is the app's alone.")
    boolean nodeProcesses;

    @Override
    public Integer call() throws Exception {
        if (nodes < 0 || nodes > 200 || maxDegree < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes from 0 to 200, --max-degree at least 1");
        }
        Screenshot.Result r = Screenshot.take(out, nodes, maxDegree, nodeProcesses);
        spec.commandLine().getOut().printf("wrote %s: the app as root with %d children; RSS of this process %.1f MB%n",
                r.file(), r.children(), r.rssBytes() / 1e6);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
