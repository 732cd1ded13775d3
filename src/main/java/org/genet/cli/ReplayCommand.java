package org.genet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.genet.overlay.JoinPath;
import org.genet.overlay.TreeSnapshot;
import org.genet.record.Recording;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genet replay FILE}: the app, with a recording open in its Joins tab; {@code --measure}: replay speed, no window. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replays a recording (genet root --record, genet simulate --record) in the app: the tree and the "
                + "join inspector at any time of it, with a timeline to play, pause and scrub; --measure reads it and "
                + "scrubs through it without a window, and prints how fast.")
final class ReplayCommand extends GenetCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "A recording file.")
    Path file;

    @Option(names = "--measure", description = "No window: print the read time, the time to show one moment (tree and join paths) and the size per join.")
    boolean measure;

    @Option(names = "--runs", defaultValue = "5", description = "With --measure: runs, the median is printed (default ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw usage("no such recording: " + file);
        }
        if (!measure) {
            try {
                Recording.read(file); // a clear error here rather than an empty window
            } catch (IOException e) {
                throw usage(e.getMessage());
            }
            try {
                javafx.application.Application.launch(org.genet.app.GenetApp.class, "--replay=" + file.toAbsolutePath());
                org.genet.app.GenetApp.awaitShutdown(80_000);
                return 0;
            } catch (UnsupportedOperationException e) {
                err().println("The app needs a desktop session (" + e.getMessage()
                        + "). Without one: genet replay --measure, genet export.");
                return 1;
            }
        }
        PrintWriter out = out();
        double[] read = new double[runs];
        double[] moment = new double[runs];
        double[] scrub = new double[runs];
        Recording r = null;
        int nodes = 0;
        int joins = 0;
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            r = Recording.read(file);
            read[run] = (System.nanoTime() - t0) / 1e6;
            // one moment: the end (tree and every path)
            t0 = System.nanoTime();
            TreeSnapshot end = r.finalTree();
            List<JoinPath> paths = r.pathsAt(Long.MAX_VALUE);
            moment[run] = (System.nanoTime() - t0) / 1e6;
            nodes = end.size();
            joins = paths.size();
            // scrubbing: 100 moments evenly through the recording
            t0 = System.nanoTime();
            for (int i = 0; i <= 100; i++) {
                long t = r.duration() * i / 100;
                r.treeAt(t);
                r.pathsAt(t);
            }
            scrub[run] = (System.nanoTime() - t0) / 1e6 / 101;
        }
        out.printf("recording %s: %d bytes, %d tree changes, %d join record lines, %.1f s%n", file, r.bytes(),
                r.changeTimes().size(), r.joinLines(), r.duration() / 1000.0);
        out.printf("at its end: %d nodes, %d join requests; %.0f bytes per join request%n", nodes, joins,
                joins == 0 ? 0.0 : (double) r.bytes() / joins);
        out.printf("read: median %.1f ms; one moment (tree and paths): median %.1f ms; scrubbing: median %.1f ms a moment (%d runs)%n",
                median(read), median(moment), median(scrub), runs);
        out.flush();
        return 0;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
