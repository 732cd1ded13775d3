package org.genet.cli;

import org.genet.net.ReportBenchmark;
import org.genet.overlay.Wire;
import org.genet.sim.ReportSimulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench-reports}: what topology reports cost per join, at the root and over all links. */
@Command(name = "bench-reports", mixinStandardHelpOptions = true,
        description = "Measures topology reports (docs/EXTENSIONS.md): N joiners join at once, then --extra more one "
                + "at a time into the grown tree. Prints the report bytes the root received per join, and over all "
                + "links. A real tree over WebRTC in this JVM, or with --sim the simulator (virtual time).")
final class BenchReportsCommand extends GenetCommand {

    @Option(names = "--nodes", defaultValue = "100", description = "Joiners (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--max-degree", defaultValue = "10", description = "maxDegree of every node (default ${DEFAULT-VALUE}).")
    int maxDegree;

    @Option(names = "--extra", defaultValue = "10", description = "Joins one at a time after the growth (default ${DEFAULT-VALUE}).")
    int extra;

    @Option(names = "--sim", description = "In the simulator instead of over WebRTC.")
    boolean sim;

    @Option(names = "--seed", defaultValue = "1", description = "The simulator's seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-limit-ms", defaultValue = "120000", description = "Gives up after this long (default ${DEFAULT-VALUE}).")
    long timeLimitMs;

    @CommandLine.Mixin
    SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > (sim ? 100_000 : 5_000) || maxDegree < 1 || extra < 0 || timeLimitMs < 1_000) {
            throw usage("--nodes from 1 to 5000 (100000 with --sim), --max-degree at least 1, --extra at least 0");
        }
        Object result = sim ? ReportSimulation.run(nodes, maxDegree, extra, seed)
                : ReportBenchmark.run(nodes, maxDegree, extra, timeLimitMs, 2);
        print(json.json, result, out -> {
            var r = Wire.json().valueToTree(result);
            out.printf("%s, %d joiners (maxDegree %d): %d joined, the root's tree holds %d nodes after %d ms.%n"
                            + "Report bytes at the root: %d while growing, %d per join; over all links %d per join.%n"
                            + "One more join into the grown tree (%d joins): %d bytes at the root (median), %d at most.%n",
                    r.path("world").asText(), nodes, maxDegree, r.path("joined").asInt(), r.path("rootTreeNodes").asInt(),
                    r.path("convergedMs").asLong(), r.path("rootReportBytes").asLong(), r.path("growthBytesPerJoin").asLong(),
                    r.path("allLinksBytesPerJoin").asLong(), r.path("extraJoins").asInt(), r.path("oneJoinBytesP50").asLong(),
                    r.path("oneJoinBytesMax").asLong());
        });
        return 0;
    }
}
