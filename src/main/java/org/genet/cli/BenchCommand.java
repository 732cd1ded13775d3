package org.genet.cli;

import org.genet.net.TreeBenchmark;
import org.genet.webrtc.WebRtc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genet bench}: a real tree over WebRTC in one JVM, all joiners at once. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Grows a real tree in this JVM over WebRTC: an embedded bootstrap server on 127.0.0.1, a root "
                + "and N joiners joining at once. Prints join times, depth, memory, CPU time and threads. --rounds "
                + "R grows R trees one after the other in this JVM, on one WebRTC factory: round 1 is cold, the others warm. "
                + "scripts/bench-tree.sh runs it beside the original JavaScript implementation.")
final class BenchCommand extends GenetCommand {
    /**
     * Joins in flight at once over all worker processes, by default. Measured here: 3 processes of
     * 100 each joined 3,000 nodes with no retry; 10 processes of 100 each made every join wait past
     * its 30 s timeout (11,664 retries in 300 s), 10 of 30 each hardly any.
     */
    static final int DEFAULT_IN_FLIGHT = 300;

    @Option(names = "--nodes", defaultValue = "100", description = "Joiners (default ${DEFAULT-VALUE}).")
    int nodes;

    @CommandLine.Mixin
    SharedOptions.MaxDegree maxDegreeOption;

    @Option(names = "--time-limit-ms", defaultValue = "0",
            description = "Gives up after this long (default: 60 s, or 30 ms per node above 2,000 nodes).")
    long timeLimitMs;

    @Option(names = "--loops", defaultValue = "2", description = "Threads the nodes share (default ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--processes", defaultValue = "0",
            description = "Spread the joiners over this many worker processes (JVMs of their own, each with its own file "
                + "descriptor limit); this one holds the server and the root (default ${DEFAULT-VALUE}: all here).")
    int processes;

    @Option(names = "--window", defaultValue = "-1",
            description = "Joins in flight at once in each process; the next starts as one joins (default: all at once "
                + "in one JVM; with --processes, " + DEFAULT_IN_FLIGHT + " shared by the worker processes: more joins at once "
                + "on a few cores make each wait past its timeout and start again).")
    int window;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Trees grown one after the other in this JVM, each reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--hold-ms", defaultValue = "0",
            description = "Keeps each grown tree this long once all have joined and reports the CPU time it takes while "
                + "quiet, per node and second (keepalives, pings and WebRTC's own checks; default: no hold).")
    long holdMs;

    @Option(names = "--keepalive-ms", defaultValue = "0",
            description = "Every node's keepalive bound (default: the node's, " + org.genet.overlay.Node.DEFAULT_KEEPALIVE_BOUND_MS
                + " ms). A quiet tree's CPU is mostly keepalives: thousands of nodes on a few cores need a longer bound.")
    long keepaliveMs;

    @CommandLine.Mixin
    SharedOptions.Json jsonOption;

    @Override
    public Integer call() throws Exception {
        if (timeLimitMs == 0) {
            timeLimitMs = Math.max(60_000, 30L * nodes);
        }
        if (nodes < 1 || nodes > 5_000 * Math.max(1, processes) || maxDegreeOption.maxDegree < 1 || loops < 1 || timeLimitMs < 1_000
                || rounds < 1 || processes < 0 || processes > nodes || holdMs < 0 || keepaliveMs < 0) {
            throw usage("--nodes from 1 to 5000 per process, --max-degree, --loops and --rounds at least 1,"
                            + " --processes from 0 to --nodes, --time-limit-ms at least 1000, --hold-ms and --keepalive-ms not negative");
        }
        boolean allJoined = true;
        // One WebRTC factory for every round, as a long-running process keeps it (the app's demo mode
        // adds and removes nodes on one): a round measures its tree, not a factory made and disposed.
        try (AutoCloseable webrtc = rounds > 1 ? WebRtc.hold() : () -> { }) {
            allJoined = rounds();
        }
        return allJoined ? 0 : 1;
    }

    private boolean rounds() throws Exception {
        boolean allJoined = true;
        for (int round = 1; round <= rounds; round++) {
            if (round > 1) {
                // The last round's garbage collected (G1 then gives back what it does not need): a round's
                // RSS is its tree and what earlier rounds left, not how far the young generation grew.
                System.gc();
            }
            TreeBenchmark.Result r = TreeBenchmark.run(nodes, maxDegreeOption.maxDegree, timeLimitMs, loops, round,
                    Launcher.javaCommand("bench-worker"), processes,
                    window >= 0 ? window : processes > 0 ? Math.max(1, DEFAULT_IN_FLIGHT / processes) : 0, holdMs, keepaliveMs);
            String label = rounds == 1 ? "" : "round " + round + (round == 1 ? " (cold): " : " (warm): ");
            print(jsonOption.json, r, out -> out.printf("%s%d of %d joined (maxDegree %d) in %d ms; join time p50 %d ms, p95 %d ms, max %d ms;"
                                + " max depth %d; CPU %d ms (%.1f ms per join); %d threads%s; %d retries;"
                                + " RSS %.1f MB (%.2f MB per connection)%s%n",
                        label,
                        r.joined(), r.nodes(), r.maxDegree(), r.allJoinedMs(), r.joinMsP50(), r.joinMsP95(), r.joinMsMax(),
                        r.maxDepth(), r.cpuMs(), r.cpuMs() / (double) r.nodes(), r.threads(),
                        r.processes() == 0 ? "" : " in the busiest of " + (r.processes() + 1) + " processes", r.retries(),
                        r.rssBytes() / 1e6,
                        r.rssBytesPerConnection() / 1e6, r.idleCpuMsPerNodeSecond() < 0 ? ""
                                : String.format("; quiet, %.2f ms CPU per node and second", r.idleCpuMsPerNodeSecond())));
            allJoined &= r.joined() == r.nodes();
        }
        return allJoined;
    }
}
