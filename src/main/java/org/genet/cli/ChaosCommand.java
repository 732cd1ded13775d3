package org.genet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.genet.net.Chaos;
import org.genet.overlay.Wire;
import org.genet.webrtc.WebRtc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet chaos}: faults on a real tree in this JVM, and how it repairs. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Runs faults on a real tree in this JVM (an embedded bootstrap server on 127.0.0.1, in-process "
                + "nodes over real WebRTC, every one a standby root) and measures the repair. Scenarios, each on a "
                + "fresh tree: kill (a tenth of the nodes, at once), freeze (a node with children stops answering), "
                + "root (the root dies), server (the server stops and starts again between two groups of joins). "
                + "Prints nodesBefore, nodesAfter, killed, orphans, repairMsP50/P95/Max, nodesLost (live nodes not "
                + "back under the root), dataSent and dataReceived (DATA to parents while the fault lasts). "
                + "Exits with 1 if any node was lost.")
final class ChaosCommand extends GenetCommand {
    private static final List<String> SCENARIOS = List.of("kill", "freeze", "root", "server");

    @Option(names = "--nodes", defaultValue = "60", description = "Nodes in the tree, the root included (default ${DEFAULT-VALUE}).")
    int nodes;

    @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption = new SharedOptions.MaxDegree(3);

    @Option(names = "--kill-fraction", defaultValue = "0.1", description = "Share of the non-root nodes killed (default ${DEFAULT-VALUE}).")
    double killFraction;

    @Option(names = "--keepalive-ms", defaultValue = "2000", description = "Keepalive bound of every node (default ${DEFAULT-VALUE}).")
    long keepaliveMs;

    @Option(names = "--request-timeout-ms", defaultValue = "5000", description = "How long one join attempt waits (default ${DEFAULT-VALUE}).")
    long requestTimeoutMs;

    @Option(names = "--server-down-ms", defaultValue = "2000", description = "How long the server stays down (default ${DEFAULT-VALUE}).")
    long serverDownMs;

    @Option(names = "--scenario", split = ",", description = "Some of: kill, freeze, root, server (default: all).")
    List<String> scenarios;

    @Option(names = "--seed", description = "Seed of the choices (default: random).")
    Long seed;

    @CommandLine.Mixin SharedOptions.Json json;

    @Override
    public Integer call() throws Exception {
        List<String> run = scenarios == null || scenarios.isEmpty() ? SCENARIOS : scenarios;
        if (!Set.copyOf(SCENARIOS).containsAll(run)) {
            throw usage("--scenario takes kill, freeze, root, server");
        }
        Chaos.Options options;
        try {
            options = new Chaos.Options(nodes, maxDegreeOption.maxDegree, killFraction, keepaliveMs, requestTimeoutMs,
                    Math.max(30_000, 4 * requestTimeoutMs), seed != null ? seed : System.nanoTime());
        } catch (IllegalArgumentException e) {
            throw usage("--nodes at least 4, --kill-fraction between 0 and 1, --keepalive-ms at least 100, --request-timeout-ms at least 1000");
        }
        PrintWriter out = out();
        List<Chaos.Result> results = new ArrayList<>();
        try {
            for (String scenario : run) {
                try (Chaos chaos = new Chaos(options)) {
                    chaos.grow();
                    Chaos.Result r = switch (scenario) {
                        case "kill" -> chaos.killScenario();
                        case "freeze" -> chaos.freezeScenario();
                        case "root" -> chaos.rootScenario();
                        default -> chaos.serverScenario(serverDownMs, Math.max(1, nodes / 10));
                    };
                    results.add(r);
                    if (!json.json) {
                        out.printf("%-7s nodes %d -> %d, killed %d, orphans %d, repair p50 %d ms, p95 %d ms, max %d ms,"
                                        + " nodesLost %d, DATA sent %d received %d, no cycle %s, depths consistent %s%n",
                                r.scenario(), r.nodesBefore(), r.nodesAfter(), r.killed(), r.orphans(), r.repairMsP50(),
                                r.repairMsP95(), r.repairMsMax(), r.nodesLost(), r.dataSent(), r.dataReceived(),
                                r.noCycle(), r.depthsConsistent());
                        out.flush();
                    }
                }
            }
        } finally {
            WebRtc.shutdown();
        }
        if (json.json) {
            out.println(Wire.json().writeValueAsString(results));
        }
        out.flush();
        return results.stream().allMatch(r -> r.nodesLost() == 0 && r.noCycle() && r.depthsConsistent()) ? 0 : 1;
    }
}
