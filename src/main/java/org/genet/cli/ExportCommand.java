package org.genet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.genet.record.Export;
import org.genet.record.Recording;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genet export}: a recording's tree and join requests as GEXF, CSV or JSON, without a window. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a recording (genet root --record, genet simulate --record): the tree at its end as GEXF "
                + "(opens in Gephi) or PNG, its join requests as CSV (one row per request, with its path) or JSON."})
final class ExportCommand extends GenetCommand {
    @Parameters(index = "0", paramLabel = "RECORDING", description = "A recording file.")
    Path recordingFile;

    @Option(names = "--gexf", paramLabel = "OUT", description = "The tree at the end, as GEXF.")
    Path gexf;

    @Option(names = "--csv", paramLabel = "OUT", description = "One row per join request: joiner, outcome, time to connect, final parent, depth, path.")
    Path csv;

    @Option(names = "--json", paramLabel = "OUT", description = "Every join request with its path and its hops' records, as JSON.")
    Path json;

    @Option(names = "--png", paramLabel = "OUT", description = "The tree as a picture (the whole-tree view's layout), without a window.")
    Path png;

    @Option(names = "--width", defaultValue = "1600", description = "With --png: width in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "1000", description = "With --png: height in pixels (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--at", paramLabel = "MS", description = "Export the tree as it was MS ms into the recording (default: at its end).")
    Long at;

    @Override
    public Integer call() throws IOException {
        if (gexf == null && csv == null && json == null && png == null) {
            throw usage("say what to export: --gexf OUT, --csv OUT, --json OUT or --png OUT");
        }
        if (width < 100 || height < 100 || width > 16_000 || height > 16_000) {
            throw usage("--width and --height: 100 to 16000 pixels");
        }
        // read as a stream: what is held is the tree and the join records of the moment exported
        Recording.Moment moment;
        Recording.Moment end;
        try {
            moment = Recording.readAt(recordingFile, at != null ? at : Long.MAX_VALUE);
            end = at == null || (csv == null && json == null) ? moment : Recording.readAt(recordingFile, Long.MAX_VALUE);
        } catch (NoSuchFileException e) {
            throw usage("no such recording: " + recordingFile);
        } catch (IOException e) {
            throw usage(e.getMessage());
        }
        PrintWriter out = out();
        if (end.skippedLines() > 0) {
            err().println(end.skippedLines() + " unreadable lines of " + recordingFile + " skipped"
                    + (end.overlongLines() > 0 ? " (" + end.overlongLines() + " of them over 16 MiB)" : ""));
        }
        if (end.droppedRecords() > 0) {
            err().println(end.droppedRecords() + " join records left out (at most "
                    + Recording.MAX_RECORDS + " are held)");
        }
        if (gexf != null) {
            long t0 = System.nanoTime();
            Export.gexf(moment.tree(), gexf);
            out.printf("GEXF: %s (%d ms)%n", gexf, (System.nanoTime() - t0) / 1_000_000);
        }
        if (png != null) {
            long t0 = System.nanoTime();
            System.setProperty("java.awt.headless", "true");
            if (moment.tree().size() == 0) { // a blank picture would say nothing: say why there is none
                err().println("PNG: not written: " + (moment.firstTreeMs() < 0
                        ? "the recording holds no tree"
                        : "no tree yet at " + at + " ms; the recording's first tree is at " + moment.firstTreeMs() + " ms"));
                err().flush();
                return 1;
            }
            org.genet.app.TreePng.write(moment.tree(), png, width, height);
            out.printf("PNG: %s (%d ms)%n", png, (System.nanoTime() - t0) / 1_000_000);
        }
        if (csv != null) {
            long t0 = System.nanoTime();
            Export.csv(end.paths(), end::firstSeen, csv);
            out.printf("CSV: %s (%d ms)%n", csv, (System.nanoTime() - t0) / 1_000_000);
        }
        if (json != null) {
            long t0 = System.nanoTime();
            Export.json(end.paths(), end::firstSeen, json);
            out.printf("JSON: %s (%d ms)%n", json, (System.nanoTime() - t0) / 1_000_000);
        }
        out.flush();
        return 0;
    }
}
