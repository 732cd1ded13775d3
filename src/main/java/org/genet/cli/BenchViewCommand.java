package org.genet.cli;

import org.genet.app.ViewBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench-view}: what the whole-tree view costs with a large tree, without a display. */
@Command(name = "bench-view", mixinStandardHelpOptions = true,
        description = "Measures the app's whole-tree view without a display: the time to apply a tree of N nodes, "
                + "the FX thread's work and the frame interval while changes arrive, and the heap with the tree.")
final class BenchViewCommand extends GenetCommand {
    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes in the tree (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--max-degree", defaultValue = "3", description = "maxDegree of its nodes (default ${DEFAULT-VALUE}).")
    int maxDegree;

    @Option(names = "--changes-per-second", defaultValue = "100", description = "Changes arriving per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "5", description = "How long changes arrive (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--runs", defaultValue = "7", description = "Whole trees applied (default ${DEFAULT-VALUE}).")
    int runs;

    @CommandLine.Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || nodes > 100_000 || maxDegree < 1 || rate < 1 || rate > 10_000 || seconds < 1 || runs < 1) {
            throw usage("--nodes from 2 to 100000; --max-degree, --seconds, --runs at least 1; --changes-per-second from 1 to 10000");
        }
        ViewBenchmark.Result r = ViewBenchmark.run(nodes, maxDegree, rate, seconds, runs);
        print(json.json, r, out -> {
            out.printf("tree of %d nodes (maxDegree %d): apply p50 %.1f ms, p95 %.1f ms (layout %.1f ms, drawing %.1f ms);"
                            + " rasterising the canvas p50 %.1f ms%n", r.nodes(), r.maxDegree(), r.applyMsP50(), r.applyMsP95(),
                    r.layoutMsP50(), r.drawMsP50(), r.renderMsP50());
            out.printf("%d changes/s for %d s: %d sent, %d updates applied; FX work per update p50 %.1f ms, p95 %.1f ms,"
                            + " max %.1f ms; frame interval p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", r.changesPerSecond(), seconds,
                    r.changesSent(), r.updatesApplied(), r.updateMsP50(), r.updateMsP95(), r.updateMsMax(),
                    r.frameIntervalMsP50(), r.frameIntervalMsP95(), r.frameIntervalMsMax());
            out.printf("heap after GC: %.1f MB with the tree shown, %.1f MB before; RSS %.1f MB%n", r.heapMbWithTree(),
                    r.heapMbEmpty(), r.rssMb());
        });
        return 0;
    }
}
