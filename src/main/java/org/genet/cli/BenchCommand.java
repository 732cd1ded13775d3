package org.genet.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.genet.net.TreeBenchmark;
import org.genet.overlay.Wire;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench}: a real tree over WebRTC in one JVM, all joiners at once. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Grows a real tree in this JVM over WebRTC: an embedded bootstrap server on 127.0.0.1, a root "
                + "and N joiners joining at once. Prints join times, depth and memory. scripts/bench-tree.sh runs "
                + "it beside the original JavaScript implementation.")
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "100", description = "Joiners (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--max-degree", defaultValue = "10", description = "maxDegree of every node (default ${DEFAULT-VALUE}).")
    int maxDegree;

    @Option(names = "--time-limit-ms", defaultValue = "60000", description = "Gives up after this long (default ${DEFAULT-VALUE}).")
    long timeLimitMs;

    @Option(names = "--loops", defaultValue = "2", description = "Threads the nodes share (default ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 5_000 || maxDegree < 1 || loops < 1 || timeLimitMs < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--nodes from 1 to 5000, --max-degree and --loops at least 1, --time-limit-ms at least 1000");
        }
        TreeBenchmark.Result r = TreeBenchmark.run(nodes, maxDegree, timeLimitMs, loops);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Wire.json().writeValueAsString(r));
        } else {
            out.printf("%d of %d joined (maxDegree %d) in %d ms; join time p50 %d ms, p95 %d ms, max %d ms; max depth %d;"
                            + " RSS %.1f MB (%.2f MB per connection)%n", r.joined(), r.nodes(), r.maxDegree(), r.allJoinedMs(),
                    r.joinMsP50(), r.joinMsP95(), r.joinMsMax(), r.maxDepth(), r.rssBytes() / 1e6, r.rssBytesPerConnection() / 1e6);
        }
        out.flush();
        return r.joined() == r.nodes() ? 0 : 1;
    }
}
