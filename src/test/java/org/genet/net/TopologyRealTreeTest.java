package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.genet.Await;
import org.genet.GroundTruth;
import org.genet.TopologyTruth;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The root's aggregated tree over real WebRTC equals the ground truth: every node at its real
 * parent and slot. The ground truth comes from application data, not from the reports: every
 * joiner sends its parent its index when it connects, and the parent notes the slot it came on.
 */
class TopologyRealTreeTest {

    @ParameterizedTest(name = "{0} nodes of max degree {1}")
    @CsvSource({"30, 2", "30, 10", "100, 2", "100, 10"})
    void theRootsTreeEqualsTheRealTree(int count, int maxDegree) throws Exception {
        try (RealTree tree = new RealTree()) {
            GroundTruth<GenetNode> truth = new GroundTruth<>();
            GenetNode root = tree.newNode(maxDegree);
            root.on(truth.watch(root));
            root.setName("root").on(tree.rootEvents::add).becomeRoot(RealTree.SECRET);
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open");
            List<GenetNode> joiners = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                GenetNode node = tree.newNode(maxDegree);
                node.on(truth.watch(node));
                node.setName(i % 2 == 0 ? "node" + i : null); // half of them without a name
                joiners.add(node);
            }
            joiners.forEach(GenetNode::join);
            RealTree.await(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node has a parent");
            RealTree.await(() -> truth.childrenTold() == count, "every child told its parent");

            TopologyTruth<GenetNode> check = new TopologyTruth<>(GenetNode::id, truth::childrenOf, n -> "java");
            List<String>[] last = new List[] {List.of()};
            // converged: the real tree, every node's own report in (not its parent's placeholder)
            try {
                Await.until(() -> {
                    TreeSnapshot now = root.topology();
                    last[0] = check.differences(now, root, 0);
                    return last[0].isEmpty() && now.nodes().values().stream().allMatch(TreeSnapshot.NodeInfo::reports);
                }, "the root's tree equals the real tree", 30);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; differences: " + last[0], e);
            }
            TreeSnapshot topology = root.topology();
            assertThat(topology.size()).isEqualTo(count + 1);
            for (GenetNode node : joiners) {
                TreeSnapshot.NodeInfo info = topology.nodes().values().stream()
                        .filter(n -> n.id().replaceFirst("~.*", "").equals(node.id()) && java.util.Objects.equals(n.name(), node.name()))
                        .findFirst().orElseThrow();
                assertThat(info.label()).isEqualTo(node.label());
                assertThat(info.maxDegree()).isEqualTo(maxDegree);
                assertThat(info.reports()).isTrue();
            }
            // the parent names each child the way the child names itself
            for (GenetNode node : tree.nodes) {
                node.children().forEach((slot, channel) -> assertThat(channel.label()).isEqualTo(truth.childrenOf(node).get(slot).label()));
            }
            assertThat(truth.applicationData).hasSize(count).allSatisfy(d -> assertThat(d.toString()).doesNotContain(Extensions.KEY));
            long reportBytes = root.call(org.genet.overlay.Node::reportBytesReceived);
            assertThat(reportBytes).isPositive();
        }
    }
}
