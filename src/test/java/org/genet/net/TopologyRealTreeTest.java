package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.Await;
import org.genet.TopologyTruth;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The root's aggregated tree over real WebRTC equals the ground truth: every node at its real
 * parent and slot. The ground truth comes from application data, not from the reports: every
 * joiner sends its parent its index when it connects, and the parent notes the slot it came on.
 */
class TopologyRealTreeTest {

    @Test
    void thirtyNodesMaxDegreeTwo() throws Exception {
        growAndCompare(30, 2);
    }

    @Test
    void thirtyNodesMaxDegreeTen() throws Exception {
        growAndCompare(30, 10);
    }

    @Test
    void aHundredNodesMaxDegreeTwo() throws Exception {
        growAndCompare(100, 2);
    }

    @Test
    void aHundredNodesMaxDegreeTen() throws Exception {
        growAndCompare(100, 10);
    }

    private static void growAndCompare(int count, int maxDegree) throws Exception {
        try (RealTree tree = new RealTree()) {
            Map<GenetNode, SortedMap<Integer, GenetNode>> truth = new ConcurrentHashMap<>();
            List<Object> applicationData = new CopyOnWriteArrayList<>();
            List<GenetNode> all = new CopyOnWriteArrayList<>();
            GenetNode root = tree.newNode(maxDegree);
            watch(root, all, truth, applicationData);
            root.setName("root").on(tree.rootEvents::add).becomeRoot(RealTree.SECRET);
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open");
            List<GenetNode> joiners = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                GenetNode node = tree.newNode(maxDegree);
                watch(node, all, truth, applicationData);
                node.setName(i % 2 == 0 ? "node" + i : null); // half of them without a name
                joiners.add(node);
            }
            joiners.forEach(GenetNode::join);
            RealTree.await(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node has a parent");
            RealTree.await(() -> truth.values().stream().mapToInt(Map::size).sum() == count, "every child told its parent");

            TopologyTruth<GenetNode> check = new TopologyTruth<>(GenetNode::id, truth::get, n -> "java");
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
            for (GenetNode node : all) {
                node.children().forEach((slot, channel) -> assertThat(channel.label()).isEqualTo(truth.get(node).get(slot).label()));
            }
            assertThat(applicationData).hasSize(count).allSatisfy(d -> assertThat(d.toString()).doesNotContain(Extensions.KEY));
            long reportBytes = root.call(org.genet.overlay.Node::reportBytesReceived);
            assertThat(reportBytes).isPositive();
        }
    }

    private static void watch(GenetNode node, List<GenetNode> all, Map<GenetNode, SortedMap<Integer, GenetNode>> truth,
                              List<Object> applicationData) {
        int index = all.size();
        all.add(node);
        truth.put(node, new ConcurrentSkipListMap<>());
        node.on(event -> {
            if (event instanceof NodeEvent.ParentConnect p) {
                p.channel().send(Map.of("index", index));
            } else if (event instanceof NodeEvent.Data d) {
                applicationData.add(d.data());
                if (!d.isParent()) {
                    truth.get(node).put(d.channel().slot(), all.get(d.data().path("index").asInt()));
                }
            }
        });
    }
}
