package org.genet.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.measure.Measures;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;

/**
 * Grows a real tree in this JVM: an embedded bootstrap server on 127.0.0.1, a root, and
 * {@code nodes} joiners that all join at once over real WebRTC. Each node tells its children their
 * depth in DATA messages, so that every node learns its own. Bounded by a time limit.
 */
public final class TreeBenchmark {

    public record Result(int nodes, int maxDegree, int joined, long allJoinedMs, long joinMsP50, long joinMsP95,
                         long joinMsMax, int maxDepth, long rssBytes, long rssBytesPerConnection, int loops) {
    }

    private TreeBenchmark() {
    }

    public static Result run(int nodes, int maxDegree, long timeLimitMs, int loopCount) throws Exception {
        String secret = "bench";
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                BootstrapServer.Config.withSecret(secret).withMaxJoinSockets(Math.max(10_000, 4 * nodes))
                        .withExemptLocalhost(true)); // every joiner is in this process
        int port = server.startAndWait();
        BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
        List<NodeLoop> loops = new ArrayList<>();
        for (int i = 0; i < loopCount; i++) {
            loops.add(new NodeLoop("bench-loop-" + i));
        }
        Random random = new Random();
        List<GenetNode> all = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        long rssBefore = Measures.rss(self);
        try {
            CountDownLatch rootOpen = new CountDownLatch(1);
            GenetNode root = new GenetNode(client, loops.get(0), random, maxDegree, timeLimitMs);
            all.add(root);
            Map<GenetNode, Integer> depth = new ConcurrentHashMap<>();
            // Depth travels down in DATA: each node tells every child its depth as soon as it knows its own.
            root.on(e -> {
                if (e instanceof NodeEvent.RootOpen) {
                    rootOpen.countDown();
                } else if (e instanceof NodeEvent.ChildConnect c) {
                    c.channel().send(Map.of("depth", 0));
                }
            });
            root.becomeRoot(secret);
            if (!rootOpen.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the root could not connect to the embedded server");
            }
            long[] joinedAt = new long[nodes];
            CountDownLatch joined = new CountDownLatch(nodes);
            CountDownLatch depthKnown = new CountDownLatch(nodes);
            List<GenetNode> joiners = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                GenetNode node = new GenetNode(client, loops.get((i + 1) % loops.size()), random, maxDegree, timeLimitMs);
                int index = i;
                node.on(e -> {
                    if (e instanceof NodeEvent.ParentConnect) {
                        joinedAt[index] = System.nanoTime();
                        joined.countDown();
                    } else if (e instanceof NodeEvent.ChildConnect c && depth.containsKey(node)) {
                        c.channel().send(Map.of("depth", depth.get(node)));
                    } else if (e instanceof NodeEvent.Data d && d.isParent() && d.data().has("depth")) {
                        int mine = d.data().path("depth").asInt() + 1;
                        if (depth.put(node, mine) == null) {
                            depthKnown.countDown();
                        }
                        node.node().children().values().forEach(c -> c.send(Map.of("depth", mine)));
                    }
                });
                joiners.add(node);
                all.add(node);
            }
            long start = System.nanoTime();
            for (GenetNode node : joiners) {
                node.loop().execute(() -> node.node().join());
            }
            joined.await(timeLimitMs, TimeUnit.MILLISECONDS);
            long[] joinMs = Arrays.stream(joinedAt).filter(t -> t > 0).map(t -> (t - start) / 1_000_000).sorted().toArray();
            long allJoinedMs = joinMs.length == nodes ? joinMs[joinMs.length - 1] : -1;
            depthKnown.await(Math.min(10_000, timeLimitMs), TimeUnit.MILLISECONDS);
            long rss = Measures.rss(self);
            int maxDepth = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            int connections = 2 * joinMs.length;
            return new Result(nodes, maxDegree, joinMs.length, allJoinedMs, Measures.percentile(joinMs, 50),
                    Measures.percentile(joinMs, 95), Measures.max(joinMs), maxDepth, rss,
                    connections == 0 ? -1 : (rss - rssBefore) / connections, loopCount);
        } finally {
            for (GenetNode node : all) {
                node.close();
            }
            for (NodeLoop loop : loops) {
                loop.close();
            }
            client.close();
            server.close();
            WebRtc.shutdown();
        }
    }
}
