package org.genet.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.measure.Measures;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.genet.webrtc.WebRtc;

/**
 * What topology reports cost, on a real tree in this JVM: {@code nodes} joiners join at once over
 * WebRTC; once the root's tree holds them all, {@code extra} more join one at a time. Counts the
 * report bytes (whole DATA frames) the root receives, and those all nodes send.
 */
public final class ReportBenchmark {

    /**
     * {@code growthBytesPerJoin}: report bytes at the root while the tree grew, per joiner.
     * {@code oneJoinBytesP50/Max}: report bytes at the root for one more join into the grown tree.
     * {@code allLinksBytesPerJoin}: report bytes over all links while the tree grew, per joiner.
     */
    public record Result(String world, int nodes, int maxDegree, int joined, int rootTreeNodes, long convergedMs,
                         long rootReportBytes, long growthBytesPerJoin, long allLinksBytesPerJoin, int extraJoins,
                         long oneJoinBytesP50, long oneJoinBytesMax) {
    }

    private ReportBenchmark() {
    }

    public static Result run(int nodes, int maxDegree, int extra, long timeLimitMs, int loopCount) throws Exception {
        String secret = "bench";
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                ServerConfig.builder(secret).maxJoinSockets(Math.max(10_000, 4 * nodes)).build());
        int port = server.startAndWait();
        BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
        List<NodeLoop> loops = new ArrayList<>();
        for (int i = 0; i < loopCount; i++) {
            loops.add(new NodeLoop("report-bench-" + i));
        }
        Random random = new Random();
        List<GenetNode> all = new ArrayList<>();
        try {
            CountDownLatch rootOpen = new CountDownLatch(1);
            GenetNode root = new GenetNode(client, loops.get(0), random, maxDegree, timeLimitMs);
            all.add(root);
            root.on(e -> {
                if (e instanceof NodeEvent.RootOpen) {
                    rootOpen.countDown();
                }
            }).becomeRoot(secret);
            if (!rootOpen.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the root could not connect to the embedded server");
            }
            List<GenetNode> joiners = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                GenetNode node = new GenetNode(client, loops.get((i + 1) % loops.size()), random, maxDegree, timeLimitMs);
                joiners.add(node);
                all.add(node);
            }
            long start = System.nanoTime();
            for (GenetNode node : joiners) {
                node.loop().execute(() -> node.node().join());
            }
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeLimitMs);
            boolean converged = waitFor(() -> complete(root.topology(), nodes + 1), deadline);
            long convergedMs = converged ? (System.nanoTime() - start) / 1_000_000 : -1;
            int joined = (int) joiners.stream().filter(n -> n.parent() != null).count();
            long rootBytes = root.loop().call(() -> root.node().reportBytesReceived());
            long allBytes = 0;
            for (GenetNode node : all) {
                allBytes += node.loop().call(() -> node.node().reportBytesSent());
            }
            long[] oneJoin = new long[converged ? extra : 0];
            for (int i = 0; i < oneJoin.length; i++) {
                GenetNode node = new GenetNode(client, loops.get(i % loops.size()), random, maxDegree, timeLimitMs);
                all.add(node);
                long before = root.loop().call(() -> root.node().reportBytesReceived());
                int size = nodes + 2 + i;
                node.join();
                waitFor(() -> complete(root.topology(), size), System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
                Thread.sleep(2 * org.genet.overlay.Node.DEFAULT_REPORT_DELAY_MS); // the last deltas of this join
                oneJoin[i] = root.loop().call(() -> root.node().reportBytesReceived()) - before;
            }
            java.util.Arrays.sort(oneJoin);
            return new Result("webrtc", nodes, maxDegree, joined, root.topology().size(), convergedMs, rootBytes,
                    joined == 0 ? -1 : rootBytes / joined, joined == 0 ? -1 : allBytes / joined, oneJoin.length,
                    Measures.percentile(oneJoin, 50), Measures.max(oneJoin));
        } finally {
            GenetNode.closeAll(all);
            for (NodeLoop loop : loops) {
                loop.close();
            }
            client.close();
            server.close();
            WebRtc.shutdown();
        }
    }

    /** The tree holds {@code size} nodes, each with its own report in. */
    public static boolean complete(TreeSnapshot tree, int size) {
        return tree.size() == size && tree.nodes().values().stream().allMatch(TreeSnapshot.NodeInfo::reports);
    }

    private static boolean waitFor(BooleanSupplier condition, long deadlineNanos) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
