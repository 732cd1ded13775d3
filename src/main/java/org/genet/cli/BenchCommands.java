package org.genet.cli;

import org.genet.app.ViewBenchmark;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.SignalingBenchmark;
import org.genet.bootstrap.StunBenchmark;
import org.genet.net.ReportBenchmark;
import org.genet.net.TreeBenchmark;
import org.genet.overlay.Wire;
import org.genet.sim.ReportSimulation;
import org.genet.webrtc.WebRtc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that measure: {@code bench} (a real tree over WebRTC), {@code bench-worker} (the
 * joiners of {@code bench --processes}, not for people), {@code bench-server}, {@code bench-reports},
 * {@code bench-view} and {@code bench-stun}. Each reads its options, checks their ranges and prints
 * what a benchmark of the library returns, as text or with {@code --json} as one JSON line; the
 * measuring itself is in the library ({@code TreeBenchmark}, {@code SignalingBenchmark},
 * {@code ReportBenchmark}, {@code ViewBenchmark}, {@code StunBenchmark}). {@code scripts/bench-*.sh}
 * run them beside the original.
 */
final class BenchCommands {
    private BenchCommands() {
    }

    /** {@code genet bench}: a real tree over WebRTC in one JVM, all joiners at once. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Grows a real tree in this JVM over WebRTC: an embedded bootstrap server on 127.0.0.1, a root "
                    + "and N joiners joining at once. Prints join times, depth, memory, CPU time and threads. --rounds "
                    + "R grows R trees one after the other in this JVM, on one WebRTC factory: round 1 is cold, the others warm. "
                    + "scripts/bench-tree.sh runs it beside the original JavaScript implementation.")
    static final class Tree extends GenetCommand {
        /**
         * Joins in flight at once over all worker processes, by default. Measured here: 3 processes of
         * 100 each joined 3,000 nodes with no retry; 10 processes of 100 each made every join wait past
         * its 30 s timeout (11,664 retries in 300 s), 10 of 30 each hardly any.
         */
        static final int DEFAULT_IN_FLIGHT = 300;

        @Option(names = "--nodes", defaultValue = "100", description = "Joiners (default ${DEFAULT-VALUE}).")
        int nodes;

        @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption;

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

        @CommandLine.Mixin SharedOptions.Json jsonOption;

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

    /** {@code genet bench-worker}: the joiners of one process of {@code bench --processes P}; not for people. */
    @Command(name = "bench-worker", hidden = true,
            description = "Joiners of one process of `bench --processes`: started and driven by bench through its standard input and output.")
    static final class Worker extends GenetCommand {
        @Option(names = "--host", required = true)
        String host;

        @Option(names = "--nodes", required = true)
        int nodes;

        @Option(names = "--max-degree", required = true)
        int maxDegree;

        @Option(names = "--time-limit-ms", required = true)
        long timeLimitMs;

        @Option(names = "--loops", defaultValue = "2")
        int loops;

        @Option(names = "--window", defaultValue = "0")
        int window;

        @Option(names = "--keepalive-ms", defaultValue = "0")
        long keepaliveMs;

        @Override
        public Integer call() throws Exception {
            TreeBenchmark.worker(BootstrapClient.address(host), nodes, maxDegree, timeLimitMs, loops, window, keepaliveMs,
                    System.in, System.out);
            return 0;
        }
    }

    /** {@code genet bench-server}: signaling load on a running bootstrap server, ours or the original. */
    @Command(name = "bench-server", mixinStandardHelpOptions = true,
            description = "Measures a running bootstrap server: K join sockets each send M signals to a root. Prints "
                    + "signals routed per second, routing latency and (with --pid) the server's memory. "
                    + "scripts/bench-server.sh runs it against our server and the original side by side.")
    static final class Server extends GenetCommand {

        @Option(names = "--host", defaultValue = "127.0.0.1:5000", description = "The server, host:port (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--secret", required = true, description = "The server's root secret.")
        String secret;

        @Option(names = "--clients", defaultValue = "50", description = "Join sockets sending at once (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--signals", defaultValue = "200", description = "Signals each join socket sends (default ${DEFAULT-VALUE}).")
        int signals;

        @Option(names = "--time-limit-ms", defaultValue = "60000", description = "Gives up after this long (default ${DEFAULT-VALUE}).")
        long timeLimitMs;

        @Option(names = "--pid", defaultValue = "0", description = "The server's process id, to read its memory.")
        long pid;

        @CommandLine.Mixin SharedOptions.Json json;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || signals < 1 || clients * (long) signals > 10_000_000 || timeLimitMs < 1) {
                throw usage("clients and signals must be positive, at most 10,000,000 signals in all");
            }
            SignalingBenchmark.Result r = SignalingBenchmark.run(BootstrapClient.address(host), secret, clients, signals, timeLimitMs, pid);
            print(json.json, r, out -> {
                out.printf("%s: %,d of %,d signals from %d join sockets in %.2f s: %,.0f signals/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%s%n",
                        r.server(), r.received(), r.sent(), r.clients(), r.seconds(), r.signalsPerSecond(), r.latencyMsP50(),
                        r.latencyMsP99(), r.latencyMsMax(),
                        r.serverRssBytes() > 0 ? String.format(", server RSS %.1f MB (peak %.1f MB)", r.serverRssBytes() / 1e6, r.serverPeakRssBytes() / 1e6) : "");
            });
            return r.received() == r.sent() ? 0 : 1;
        }
    }

    /** {@code genet bench-reports}: what topology reports cost per join, at the root and over all links. */
    @Command(name = "bench-reports", mixinStandardHelpOptions = true,
            description = "Measures topology reports (docs/EXTENSIONS.md): N joiners join at once, then --extra more one "
                    + "at a time into the grown tree. Prints the report bytes the root received per join, and over all "
                    + "links. A real tree over WebRTC in this JVM, or with --sim the simulator (virtual time).")
    static final class Reports extends GenetCommand {

        @Option(names = "--nodes", defaultValue = "100", description = "Joiners (default ${DEFAULT-VALUE}).")
        int nodes;

        @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption;

        @Option(names = "--extra", defaultValue = "10", description = "Joins one at a time after the growth (default ${DEFAULT-VALUE}).")
        int extra;

        @Option(names = "--sim", description = "In the simulator instead of over WebRTC.")
        boolean sim;

        @CommandLine.Mixin SharedOptions.Seed seed;

        @Option(names = "--time-limit-ms", defaultValue = "120000", description = "Gives up after this long (default ${DEFAULT-VALUE}).")
        long timeLimitMs;

        @CommandLine.Mixin SharedOptions.Json json;

        @Override
        public Integer call() throws Exception {
            if (nodes < 1 || nodes > (sim ? 100_000 : 5_000) || maxDegreeOption.maxDegree < 1 || extra < 0 || timeLimitMs < 1_000) {
                throw usage("--nodes from 1 to 5000 (100000 with --sim), --max-degree at least 1, --extra at least 0");
            }
            Object result = sim ? ReportSimulation.run(nodes, maxDegreeOption.maxDegree, extra, seed.seed)
                    : ReportBenchmark.run(nodes, maxDegreeOption.maxDegree, extra, timeLimitMs, 2);
            print(json.json, result, out -> {
                var r = Wire.json().valueToTree(result);
                out.printf("%s, %d joiners (maxDegree %d): %d joined, the root's tree holds %d nodes after %d ms.%n"
                                + "Report bytes at the root: %d while growing, %d per join; over all links %d per join.%n"
                                + "One more join into the grown tree (%d joins): %d bytes at the root (median), %d at most.%n",
                        r.path("world").asText(), nodes, maxDegreeOption.maxDegree, r.path("joined").asInt(), r.path("rootTreeNodes").asInt(),
                        r.path("convergedMs").asLong(), r.path("rootReportBytes").asLong(), r.path("growthBytesPerJoin").asLong(),
                        r.path("allLinksBytesPerJoin").asLong(), r.path("extraJoins").asInt(), r.path("oneJoinBytesP50").asLong(),
                        r.path("oneJoinBytesMax").asLong());
            });
            return 0;
        }
    }

    /** {@code genet bench-view}: what the whole-tree view costs with a large tree, without a display. */
    @Command(name = "bench-view", mixinStandardHelpOptions = true,
            description = "Measures the app's whole-tree view without a display: the time to apply a tree of N nodes, "
                    + "the FX thread's work and the frame interval while changes arrive, and the heap with the tree.")
    static final class View extends GenetCommand {
        @Option(names = "--nodes", defaultValue = "1000", description = "Nodes in the tree (default ${DEFAULT-VALUE}).")
        int nodes;

        @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption = new SharedOptions.MaxDegree(3);

        @Option(names = "--changes-per-second", defaultValue = "100", description = "Changes arriving per second (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "5", description = "How long changes arrive (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--runs", defaultValue = "7", description = "Whole trees applied (default ${DEFAULT-VALUE}).")
        int runs;

        @CommandLine.Mixin SharedOptions.Json json;

        @Override
        public Integer call() throws Exception {
            if (nodes < 2 || nodes > 100_000 || maxDegreeOption.maxDegree < 1 || rate < 1 || rate > 10_000 || seconds < 1 || runs < 1) {
                throw usage("--nodes from 2 to 100000; --max-degree, --seconds, --runs at least 1; --changes-per-second from 1 to 10000");
            }
            ViewBenchmark.Result r = ViewBenchmark.run(nodes, maxDegreeOption.maxDegree, rate, seconds, runs);
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

    /** {@code genet bench-stun}: the bootstrap server's STUN responder under load, on 127.0.0.1. */
    @Command(name = "bench-stun", mixinStandardHelpOptions = true,
            description = "Measures the STUN responder on 127.0.0.1: UDP clients send Binding requests in a closed loop; "
                    + "prints answers per second and the responder thread's CPU time per request.")
    static final class Stun extends GenetCommand {
        @Option(names = "--clients", defaultValue = "4", description = "UDP sockets sending (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--window", defaultValue = "8", description = "Requests in flight per socket (default ${DEFAULT-VALUE}).")
        int window;

        @Option(names = "--seconds", defaultValue = "5", description = "How long (default ${DEFAULT-VALUE}, at most 120).")
        double seconds;

        @Option(names = "--rate-limited", description = "With a real server's per-address rates (the clients are one address, so most are dropped).")
        boolean rateLimited;

        @CommandLine.Mixin SharedOptions.Json json;

        @Override
        public Integer call() throws Exception {
            if (clients < 1 || clients > 64 || window < 1 || window > 256 || seconds <= 0 || seconds > 120) {
                throw usage("--clients 1 to 64, --window 1 to 256, --seconds up to 120");
            }
            StunBenchmark.Result r = StunBenchmark.run(clients, window, seconds, rateLimited);
            print(json.json, r, out -> {
                out.printf("STUN responder: %,d answers of %,d requests in %.1f s: %,.0f answers/s, %.2f µs of CPU per request "
                        + "(the responder's thread %.0f%% busy)%s%n", r.answered(), r.sent(), r.seconds(), r.answersPerSecond(),
                        r.cpuMicrosPerRequest(), r.responderCpuShare() * 100, r.rateLimited() ? ", rate-limited" : "");
            });
            return r.answered() > 0 ? 0 : 1;
        }
    }
}
