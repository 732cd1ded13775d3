package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genet.GroundTruth;
import org.genet.TopologyTruth;
import org.genet.overlay.Extensions;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.api.Test;

/**
 * Topology reports in the simulator (virtual time, seeded): the root's aggregated tree against the
 * ground truth, deltas after the first snapshot, nodes leaving, an original node in the tree, and
 * what applications see. The ground truth comes from application data: every joiner tells its
 * parent its index when it connects, and the parent notes the slot it came on.
 */
class TopologyReportsTest {

    /** A tree of simulated nodes, each with a test application that records the ground truth. */
    static final class SimTree {
        final VirtualClock clock = new VirtualClock();
        final Random random;
        final SimNetwork network;
        final List<Node> nodes = new ArrayList<>();
        final Map<Node, Boolean> genet = new HashMap<>();
        final GroundTruth<Node> truth = new GroundTruth<>();
        final Node root;

        SimTree(long seed, int rootMaxDegree) {
            this(seed, rootMaxDegree, 3);
        }

        SimTree(long seed, int rootMaxDegree, long jitterMs) {
            random = new Random(seed);
            network = new SimNetwork(clock, random, SimNetwork.Timing.of(5, jitterMs, 20));
            root = add(rootMaxDegree, true);
            root.becomeRoot("secret");
            clock.advance(50);
        }

        Node add(int maxDegree, boolean speaksGenet) {
            SimNetwork.Endpoint endpoint = network.endpoint();
            endpoint.setGenetLabel(speaksGenet);
            Node node = new Node(endpoint, clock, random, maxDegree, 30_000);
            node.setExtensions(speaksGenet);
            node.setName("n" + nodes.size());
            node.setPingIntervalMs(Node.PING_INTERVAL_MS); // the round trip times are read below
            endpoint.setOwner(node);
            nodes.add(node);
            genet.put(node, speaksGenet);
            node.addListener(truth.watch(node));
            return node;
        }

        Node join(int maxDegree, boolean speaksGenet) {
            Node node = add(maxDegree, speaksGenet);
            node.join();
            clock.advance(200);
            assertThat(node.parent()).as("node " + nodes.indexOf(node) + " joined").isNotNull();
            return node;
        }

        /** {@code count} Genet joiners of {@code maxDegree}, one after the other; then the reports settle. */
        void joinAll(int count, int maxDegree) {
            for (int i = 0; i < count; i++) {
                join(maxDegree, true);
            }
            settle();
        }

        /** Lets reports travel up the tree: one report delay per level, and some. */
        void settle() {
            clock.advance(3_000);
        }

        List<String> differences(Node top) {
            return differences(top, 0);
        }

        List<String> differences(Node top, int depth) {
            TopologyTruth<Node> check = new TopologyTruth<>(this::labelKey, truth::childrenOf,
                    n -> genet.get(n) ? "java" : "original");
            return check.differences(top.topology(), top, depth);
        }

        /** How the aggregated tree names a node: an original by its origin's first characters, which we skip. */
        private String labelKey(Node n) {
            return n.id();
        }
    }

    @Test
    void theRootsTreeIsTheRealTree() {
        SimTree tree = new SimTree(1, 3);
        tree.joinAll(60, 3);
        assertThat(tree.differences(tree.root)).isEmpty();
        assertThat(tree.root.topology().size()).isEqualTo(61);
        TreeSnapshot.NodeInfo some = tree.root.topology().node(tree.nodes.get(30).id());
        assertThat(some.label()).isEqualTo("n30");
        assertThat(some.impl()).isEqualTo("java");
        assertThat(some.maxDegree()).isEqualTo(3);
        assertThat(some.reports()).isTrue();
        assertThat(some.rttMs()).as("the simulated round trip: two hops of 5 to 8 ms").isBetween(10.0, 16.0);
        // every node holds its own subtree too
        Node inner = tree.nodes.get(1);
        assertThat(tree.differences(inner, 1)).isEmpty();
        assertThat(inner.topology().top().depth()).isEqualTo(1);
        // the parent names a child the way the child names itself
        inner.children().values().forEach(c -> assertThat(c.label()).startsWith("n"));
    }

    @Test
    void afterTheFirstSnapshotOnlyDeltasTravel() {
        SimTree tree = new SimTree(2, 2, 0); // no jitter: round trip times stay put
        tree.joinAll(40, 2);
        long before = tree.root.reportBytesReceived();
        assertThat(before).isPositive();
        int snapshotBytes = org.genet.overlay.Wire.write(org.genet.overlay.Wire.json().valueToTree(
                tree.root.topology().nodes().values().stream().map(n -> Map.of("id", n.id(), "impl", n.impl(),
                        "maxDegree", n.maxDegree(), "children", n.children())).toList())).length();
        tree.join(2, true);
        tree.settle();
        long oneJoin = tree.root.reportBytesReceived() - before;
        assertThat(tree.differences(tree.root)).isEmpty();
        // a few deltas of two or three nodes (the candidate, then the child, then its round trip
        // time), not the whole tree again
        assertThat(oneJoin).isPositive().isLessThan(snapshotBytes / 2);
        // nothing changes: nothing is sent
        before = tree.root.reportBytesReceived();
        tree.clock.advance(30_000); // pings go on, but the same round trip time is not news
        assertThat(tree.root.reportBytesReceived()).isEqualTo(before);
    }

    @Test
    void aLeavingSubtreeLeavesTheTree() {
        SimTree tree = new SimTree(3, 2);
        tree.joinAll(30, 2);
        Node leaving = tree.nodes.get(5);
        int subtree = leaving.topology().size();
        assertThat(subtree).isGreaterThan(1);
        tree.nodes.forEach(n -> n.setRepair(false));
        leaving.close();
        tree.settle();
        // the subtree below it is orphaned (repair is off here): the truth keeps only what hangs from the root
        assertThat(tree.differences(tree.root)).isEmpty();
        assertThat(tree.root.topology().size()).isLessThanOrEqualTo(31 - subtree);
        assertThat(tree.root.topology().node(leaving.id())).isNull();
    }

    @Test
    void anOriginalNodeShowsAsOneThatDoesNotReportAndNeverGetsAnExtension() {
        SimTree tree = new SimTree(4, 1);
        Node ours = tree.join(1, true);
        Node original = tree.join(1, false);
        Node below = tree.join(1, true); // under the original: its parent never says hello
        tree.settle();
        TreeSnapshot topology = tree.root.topology();
        assertThat(topology.size()).isEqualTo(3);
        TreeSnapshot.NodeInfo shown = topology.node(topology.node(ours.id()).children().get(0));
        assertThat(shown.impl()).isEqualTo("original");
        assertThat(shown.reports()).isFalse();
        assertThat(shown.children()).as("what lies below an original node is unknown").isEmpty();
        assertThat(below.parent().speaksGenet()).isFalse();
        assertThat(below.topology().size()).isEqualTo(1);
        // the application data every node saw: only the test's own, no extension payload anywhere
        assertThat(tree.truth.applicationData).hasSize(3).allSatisfy(d -> {
            assertThat(Extensions.kindOf(d)).isNull();
            assertThat(d.has("index")).isTrue();
        });
        assertThat(ours.reportBytesReceived()).isZero();
        assertThat(below.reportBytesSent()).isZero();
        assertThat(tree.root.reportBytesReceived()).isPositive();
    }

    @Test
    void reportsAreDebounced() {
        SimTree tree = new SimTree(5, 10);
        List<TreeSnapshot> changes = new ArrayList<>();
        tree.root.addListener(e -> {
            if (e instanceof NodeEvent.TopologyChange t) {
                changes.add(t.topology());
            }
        });
        long start = tree.clock.now();
        for (int i = 0; i < 20; i++) {
            tree.add(10, true).join(); // all at once
        }
        tree.settle();
        assertThat(tree.differences(tree.root)).isEmpty();
        long elapsed = tree.clock.now() - start;
        assertThat(changes.size()).as("at most one change per 250 ms").isLessThanOrEqualTo((int) (elapsed / Node.DEFAULT_REPORT_DELAY_MS) + 1);
        assertThat(changes.get(changes.size() - 1).size()).isEqualTo(21);
    }
}
