package org.genet.cli;

import java.io.File;
import org.genet.app.Screenshot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet screenshot}: the app with a small live tree, as a PNG, without a display. */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = "Draws the app as root of a live tree (real WebRTC, in this process) into a PNG, without a "
                + "display, and prints the app's memory as root.")
final class ScreenshotCommand extends GenetCommand {
    @Option(names = "--out", defaultValue = "genet.png", description = "The PNG to write (default ${DEFAULT-VALUE}).")
    File out;

    @Option(names = "--nodes", defaultValue = "8", description = "Nodes joining the app (default ${DEFAULT-VALUE}).")
    int nodes;

    @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption = new SharedOptions.MaxDegree(5);

    @Option(names = "--view", defaultValue = "node",
            description = "What to draw: first (the first screen, in no tree yet), node (this node's neighbourhood), tree (the "
                    + "whole tree, nodes joining through demo mode), presentation (demo mode's full-screen view) or inspector (the "
                    + "Joins tab with a deep request's path). Default ${DEFAULT-VALUE}.")
    String view;

    @Option(names = "--width", defaultValue = "1100", description = "Window width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "720", description = "Window height (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--node-processes", description = "Run the joiners as `node` processes, so that the memory printed is the app's alone.")
    boolean nodeProcesses;

    @Option(names = "--relay-nodes", defaultValue = "0",
            description = "The first N joiners connect relay only, through --ice-server's TURN server (default ${DEFAULT-VALUE}).")
    int relayNodes;

    @CommandLine.Mixin SharedOptions.Ice ice;

    @Override
    public Integer call() throws Exception {
        Screenshot.View v;
        try {
            v = Screenshot.View.valueOf(view.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--view is first, node, tree, presentation or inspector, not " + view);
        }
        int most = v == Screenshot.View.NODE || v == Screenshot.View.FIRST ? 200 : 1000;
        if (nodes < 0 || nodes > most || maxDegreeOption.maxDegree < 1 || width < 320 || height < 240) {
            throw usage("--nodes from 0 to " + most
                    + ", --max-degree at least 1, --width at least 320, --height at least 240");
        }
        if (nodeProcesses && v != Screenshot.View.NODE) {
            throw usage("--node-processes goes with --view node only");
        }
        org.genet.ice.IceConfig relayIce = null;
        if (relayNodes > 0) {
            if (ice.servers.isEmpty() || v != Screenshot.View.NODE || nodeProcesses) {
                throw usage("--relay-nodes needs --ice-server turn:HOST:PORT, with --view node");
            }
            try {
                relayIce = ice.config(true);
            } catch (IllegalArgumentException e) {
                throw usage("--ice-server: " + e.getMessage());
            }
        }
        Screenshot.Result r = Screenshot.take(out, nodes, maxDegreeOption.maxDegree, nodeProcesses, v, width, height, relayIce, relayNodes);
        if (v == Screenshot.View.FIRST) {
            out().printf("wrote %s: the first screen%n", r.file());
            out().flush();
            return 0;
        }
        out().printf("wrote %s: the app as root with %d children, %d nodes in its tree; RSS of this process %.1f MB%n",
                r.file(), r.children(), r.treeNodes(), r.rssBytes() / 1e6);
        out().flush();
        return 0;
    }
}
