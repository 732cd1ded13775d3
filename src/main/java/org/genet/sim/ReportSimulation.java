package org.genet.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;

/**
 * What topology reports cost, in the simulator (virtual time, seeded): {@code nodes} joiners join
 * at once; once the root's tree holds them all, {@code extra} more join one at a time. Counts the
 * report bytes (whole DATA frames) the root receives, and those all nodes send. Same figures as
 * the real network's benchmark, for trees too large to grow on one machine.
 */
public final class ReportSimulation {

    /** As {@code org.genet.net.ReportBenchmark.Result}; times are virtual. */
    public record Result(String world, int nodes, int maxDegree, int joined, int rootTreeNodes, long convergedMs,
                         long rootReportBytes, long growthBytesPerJoin, long allLinksBytesPerJoin, int extraJoins,
                         long oneJoinBytesP50, long oneJoinBytesMax) {
    }

    private ReportSimulation() {
    }

    public static Result run(int nodes, int maxDegree, int extra, long seed) {
        VirtualClock clock = new VirtualClock();
        Random random = new Random(seed);
        SimNetwork network = new SimNetwork(clock, random, SimNetwork.Timing.of(5, 3, 20));
        List<Node> all = new ArrayList<>();
        Node root = new Node(network.endpoint(), clock, random, maxDegree, Node.DEFAULT_REQUEST_TIMEOUT_MS);
        all.add(root);
        root.becomeRoot("secret");
        clock.advance(50);
        long start = clock.now();
        int[] joined = {0};
        for (int i = 0; i < nodes; i++) {
            Node node = new Node(network.endpoint(), clock, random, maxDegree, Node.DEFAULT_REQUEST_TIMEOUT_MS);
            node.addListener(e -> {
                if (e instanceof NodeEvent.ParentConnect) {
                    joined[0]++;
                }
            });
            all.add(node);
            node.join();
        }
        long deadline = start + 5 * Node.DEFAULT_REQUEST_TIMEOUT_MS;
        while (!complete(root.topology(), nodes + 1) && clock.now() < deadline) {
            clock.advance(10);
        }
        boolean converged = complete(root.topology(), nodes + 1);
        long convergedMs = converged ? clock.now() - start : -1;
        long rootBytes = root.reportBytesReceived();
        long allBytes = all.stream().mapToLong(Node::reportBytesSent).sum();
        long[] oneJoin = new long[converged ? extra : 0];
        for (int i = 0; i < oneJoin.length; i++) {
            Node node = new Node(network.endpoint(), clock, random, maxDegree, Node.DEFAULT_REQUEST_TIMEOUT_MS);
            all.add(node);
            long before = root.reportBytesReceived();
            node.join();
            clock.advance(3_000);
            oneJoin[i] = root.reportBytesReceived() - before;
        }
        Arrays.sort(oneJoin);
        for (Node node : all) {
            node.close();
        }
        return new Result("simulator", nodes, maxDegree, joined[0], root.topology().size(), convergedMs, rootBytes,
                joined[0] == 0 ? -1 : rootBytes / joined[0], joined[0] == 0 ? -1 : allBytes / joined[0], oneJoin.length,
                oneJoin.length == 0 ? -1 : oneJoin[oneJoin.length / 2], oneJoin.length == 0 ? -1 : oneJoin[oneJoin.length - 1]);
    }

    private static boolean complete(TreeSnapshot tree, int size) {
        return tree.size() == size && tree.nodes().values().stream().allMatch(TreeSnapshot.NodeInfo::reports);
    }
}
