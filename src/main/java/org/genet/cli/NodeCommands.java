package org.genet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.LogLimiter;
import org.genet.net.GenetNode;
import org.genet.overlay.EventText;
import org.genet.overlay.NetText;
import org.genet.overlay.NodeBounds;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code root} and {@code node} processes of the original example app. */
final class NodeCommands {
    private NodeCommands() {
    }

    /** Options and the run-until-Ctrl-C of both commands. */
    abstract static class Base extends GenetCommand {
        @Option(names = "--host", defaultValue = "localhost:5000", description = "The bootstrap server, host:port (default ${DEFAULT-VALUE}).")
        String host;

        @CommandLine.Mixin SharedOptions.MaxDegree maxDegreeOption;

        @Option(names = "--repair", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Self-repair: rejoin with the subtree when the parent is lost; as the root, reconnect to the server (default on; --no-repair turns it off).")
        boolean repair;

        @Option(names = "--keepalive-ms", defaultValue = "" + Node.DEFAULT_KEEPALIVE_BOUND_MS,
                description = "How long a Genet neighbour may stay silent before it is dropped (default ${DEFAULT-VALUE}).")
        long keepaliveMs;

        @Option(names = "--ping-s", paramLabel = "S", defaultValue = "0",
                description = "Measure the round trip time to the parent every S seconds (the tree's reports carry it); "
                    + "default 0: no pings.")
        long pingS;

        @CommandLine.Mixin SharedOptions.Ice ice;

        @Option(names = "--relay-only",
                description = "Connect only through TURN relays (ICE transport policy relay): the other nodes never see this "
                    + "node's addresses. Needs a TURN server, given here or by the bootstrap server.")
        boolean relayOnly;

        @Option(names = {"--name", "--origin"},
                description = "This node's name, which its lines and every other node's view show (default: none; it is then "
                    + "known by its id); --origin is the same option.")
        String name;

        PrintWriter out;
        private final CountDownLatch stopped = new CountDownLatch(1);
        /**
         * Lines of one kind printed a second ({@link NodeBounds#logLinesPerSecond()}): a flood of
         * join requests, dropped frames or data costs a few lines a second, with a count.
         */
        private final LogLimiter limited = new LogLimiter(1, TimeUnit.SECONDS, NodeBounds.DEFAULT.logLinesPerSecond());

        @Override
        public Integer call() throws Exception {
            if (maxDegreeOption.maxDegree < 1) {
                throw usage("--max-degree must be at least 1");
            }
            if (keepaliveMs < 100) {
                throw usage("--keepalive-ms must be at least 100");
            }
            if (pingS < 0 || pingS > 86_400) {
                throw usage("--ping-s must be between 0 and 86400");
            }
            org.genet.ice.IceConfig iceConfig;
            try {
                iceConfig = ice.config(relayOnly);
            } catch (IllegalArgumentException e) {
                throw usage("--ice-server: " + e.getMessage());
            }
            out = out();
            WebRtc.startInBackground(); // while the node connects to the server
            GenetNode node;
            try {
                node = GenetNode.connect(host, maxDegreeOption.maxDegree);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            node.setName(name);
            node.repair(repair).keepaliveBound(keepaliveMs).pingInterval(pingS * 1000).ice(iceConfig);
            node.on(event -> {
                if (!(event instanceof NodeEvent.TopologyChange)) {
                    printLimited(event.kind(), EventText.line(event));
                }
                if (event instanceof NodeEvent.Rejoined r) {
                    print(r.asRoot() ? "back as the root of the tree after " + r.afterMs() + " ms"
                            : "rejoined the tree after " + r.afterMs() + " ms, children kept: " + node.node().childrenNb());
                }
                react(node, event);
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                WebRtc.shutdown();
                stopped.countDown();
            }, "node-shutdown"));
            String who = name != null && !name.isBlank() ? node.label() + " (" + node.id() + ")" : node.id();
            print("node " + who + ", maxDegree " + maxDegreeOption.maxDegree + ", bootstrap server " + host + ". Ctrl-C stops it.");
            start(node);
            print("ICE: " + node.iceConfig() + (node.iceConfig().relayOnly() && !node.iceConfig().hasTurn()
                    ? " (relay only needs a TURN server: no connection can be made)" : ""));
            stopped.await();
            return 0;
        }

        synchronized void print(String line) {
            out.println(line);
            out.flush();
        }

        /** Prints a line of {@code kind} unless that kind's lines this second are printed already. */
        void printLimited(String kind, String line) {
            limited.log(kind, line, this::print);
        }

        abstract void start(GenetNode node);

        /** Runs on the node's loop for every event. */
        abstract void react(GenetNode node, NodeEvent event);
    }

    @Command(name = "root", mixinStandardHelpOptions = true,
            description = "Becomes the root of a tree. It sends \"ping\" to each child that connects and prints its answer.")
    static final class Root extends Base {
        @Option(names = "--secret", required = true, defaultValue = "${env:SECRET}", description = "The server's root secret (default: $SECRET).")
        String secret;

        @Option(names = "--topology", paramLabel = "FILE",
                description = "Keeps the whole tree in FILE as JSON, rewritten (atomically) each time it changes.")
        Path topologyFile;

        @Option(names = "--record", paramLabel = "FILE",
                description = "Records the tree as it grows and every join request's records in FILE (JSON lines; genet export reads it).")
        Path recordFile;

        private TopologyFile topology;

        @Override
        void start(GenetNode node) {
            if (topologyFile != null) {
                topology = new TopologyFile(topologyFile);
                topology.write(node.topology());
                node.onTopology(topology::write);
                print("the tree is kept in " + topologyFile);
            }
            if (recordFile != null) {
                try {
                    org.genet.record.LiveRecorder recorder = org.genet.record.LiveRecorder.start(node, recordFile);
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            recorder.close();
                        } catch (java.io.IOException e) {
                            // the recording ends at its last whole line
                        }
                    }, "recording-close"));
                    print("recording into " + recordFile);
                } catch (java.io.IOException e) {
                    throw usage("cannot record into " + recordFile + ": " + e.getMessage());
                }
            }
            node.becomeRoot(secret);
        }

        @Override
        void react(GenetNode node, NodeEvent event) {
            if (event instanceof NodeEvent.ChildConnect c) {
                c.channel().send("ping");
            } else if (event instanceof NodeEvent.Data d && !d.isParent()) {
                printLimited("answered", EventText.channel(d.channel()) + " answered: " + NetText.clean(d.data().asText()));
            } else if (event instanceof NodeEvent.RootClose) {
                print(repair ? "the bootstrap server is gone; this root keeps its children and reconnects"
                        : "the bootstrap server is gone; this root keeps its children but takes no new ones");
            }
        }
    }

    @Command(name = "node", mixinStandardHelpOptions = true,
            description = "Joins a tree. It answers whatever its parent sends with its name (else its id).")
    static final class Member extends Base {
        @Option(names = "--retry-ms", defaultValue = "2000", description = "Wait before trying again after a failed first join (default ${DEFAULT-VALUE}).")
        long retryMs;

        @Option(names = "--standby-secret", description = "Be a standby root: take over the root socket with this secret when the root is gone.")
        String standbySecret;

        @Option(names = "--join-on-go",
                description = "Connect to the server, print \"ready\", and join only when a line \"go\" comes on standard input "
                    + "(for benchmarks that start many nodes and time their joins, not their starts).")
        boolean joinOnGo;

        @Override
        void start(GenetNode node) {
            if (standbySecret != null) {
                node.standby(standbySecret);
            }
            node.retryFailedJoins(() -> retryMs, delay -> print("trying again in " + delay + " ms"));
            if (!joinOnGo) {
                node.join();
                return;
            }
            Thread waiting = new Thread(() -> {
                try {
                    java.io.BufferedReader in = new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
                    try {
                        WebRtc.start(); // loaded before "ready", as the original's process has loaded its WebRTC
                    } catch (Throwable e) {
                        print("WebRTC could not start: " + e);
                    }
                    print("ready");
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.trim().equals("go")) {
                            node.join();
                            return;
                        }
                    }
                } catch (java.io.IOException e) {
                    print("standard input failed before \"go\": " + e.getMessage());
                }
            }, "join-on-go");
            waiting.setDaemon(true);
            waiting.start();
        }

        @Override
        void react(GenetNode node, NodeEvent event) {
            if (event instanceof NodeEvent.Data d && d.isParent()) {
                d.channel().send(node.label()); // its name, else its id
            }
        }
    }
}
