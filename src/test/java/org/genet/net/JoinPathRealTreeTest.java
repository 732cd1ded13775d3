package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.genet.Await;
import org.genet.overlay.Hash31;
import org.genet.overlay.JoinPath;
import org.genet.overlay.JoinRecord;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.JoinRecords;
import org.junit.jupiter.api.Test;

/**
 * Join records over real WebRTC, carried to the root beside the topology reports: a tree of three
 * levels with maxDegree 2, where the root's path of the deepest joiner is the chain of nodes its
 * signals went through, each with the slot its hash gave.
 */
class JoinPathRealTreeTest {

    @Test
    void theRootShowsADeepJoinersPathThroughEveryNodeItsSignalsCrossed() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.newNode(2).setName("root");
            JoinRecords rootRecords = root.joinRecords();
            root.on(tree.rootEvents::add).becomeRoot(RealTree.SECRET);
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof org.genet.overlay.NodeEvent.RootOpen),
                    "the root socket is open");
            List<GenetNode> joiners = new ArrayList<>();
            // 2 children and 4 grandchildren fill two levels; the 7th joiner is at depth 3
            for (int i = 1; i <= 7; i++) {
                GenetNode node = tree.newNode(2).setName("name" + i);
                joiners.add(node);
                node.join();
                // and knows its id: a parent is named by its hello, which may come just after the
                // channel opens (parentOf read a null id under stress --cpu 2)
                RealTree.await(() -> node.loop().call(() -> node.node().parent() != null && node.node().parent().nodeId() != null),
                        node.name() + " has a parent and knows its id");
            }
            // the deepest joiner (two levels hold 6 nodes: one of the 7 is at depth 3 at least)
            GenetNode deep = null;
            List<GenetNode> chain = List.of(); // root first, down to deep's parent
            for (GenetNode joiner : joiners) {
                List<GenetNode> ancestors = new ArrayList<>();
                for (GenetNode n = parentOf(joiner, tree); n != null; n = parentOf(n, tree)) {
                    ancestors.add(0, n);
                }
                if (ancestors.size() > chain.size()) {
                    deep = joiner;
                    chain = ancestors;
                }
            }
            GenetNode deepest = deep;
            assertThat(chain.get(0)).isSameAs(root);
            assertThat(chain).hasSizeGreaterThanOrEqualTo(3);
            int depth = chain.size();

            JoinPath[] found = new JoinPath[1];
            Await.until(() -> {
                Optional<JoinPath> p = rootRecords.paths().stream()
                        .filter(path -> deepest.id().equals(path.joinerId()) && path.outcome() == Outcome.CONNECTED)
                        .findFirst();
                p.ifPresent(path -> found[0] = path);
                return p.isPresent() && p.get().hops().size() == depth;
            }, "the root holds the deep joiner's whole path", 30);
            JoinPath path = found[0];
            assertThat(path.joinerName()).isEqualTo(deepest.name());
            assertThat(path.hops()).extracting(JoinRecord::node).containsExactlyElementsOf(chain.stream().map(GenetNode::id).toList());
            assertThat(path.finalParent()).isEqualTo(chain.get(depth - 1).id());
            assertThat(path.depth()).isEqualTo(depth);
            assertThat(path.connectMs()).isPositive();
            for (int i = 0; i < depth - 1; i++) {
                JoinRecord hop = path.hops().get(i);
                JoinRecord.Step down = hop.handedDown();
                assertThat(down.hashSlot()).isEqualTo(Hash31.delegateSlot(path.origin(), hop.node(), 2));
                assertThat(down.child()).isEqualTo(chain.get(i + 1).id());
                assertThat(down.childName()).isEqualTo(chain.get(i + 1).name());
                assertThat(down.slot()).isEqualTo(slotOf(chain.get(i), chain.get(i + 1)));
                assertThat(JoinPath.arithmetic(hop, down)).startsWith("hash31(" + path.origin().substring(0, 6) + ", "
                        + hop.node() + ") = " + JoinPath.hashValue(hop) + ", mod 2 = " + down.hashSlot());
            }
            assertThat(path.hops().get(depth - 1).becameCandidate()).isTrue();
        }
    }

    private static GenetNode parentOf(GenetNode node, RealTree tree) {
        if (node.parent() == null) {
            return null;
        }
        String id = node.loop().call(() -> node.parent().nodeId());
        return tree.nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private static int slotOf(GenetNode parent, GenetNode child) {
        return parent.children().entrySet().stream().filter(e -> child.id().equals(e.getValue().nodeId()))
                .findFirst().orElseThrow().getKey();
    }
}
