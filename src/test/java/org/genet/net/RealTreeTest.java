package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trees over real WebRTC and our bootstrap server, in this JVM: the original's tests and more. */
class RealTreeTest {

    @Test
    void aNodeConnectsToTheRoot() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(10);
            List<NodeEvent> events = new CopyOnWriteArrayList<>();
            GenetNode node = tree.newNode(10).on(events::add).join();
            RealTree.await(() -> events.stream().anyMatch(e -> e instanceof NodeEvent.ParentConnect), "the node has a parent");
            RealTree.await(() -> root.childrenNb() == 1, "the root has a child");
            assertThat(node.parent()).isNotNull();
            assertThat(root.children().get(0).isParent()).isFalse();
        }
    }

    @Test
    void theReadmePingPong() throws Exception {
        try (RealTree tree = new RealTree()) {
            BlockingQueue<String> answers = new LinkedBlockingQueue<>();
            GenetNode root = tree.startRoot(10);
            root.on(event -> {
                if (event instanceof NodeEvent.ChildConnect c) {
                    c.channel().send("ping");
                } else if (event instanceof NodeEvent.Data d && !d.isParent()) {
                    answers.add(d.data().asText());
                }
            });
            for (String name : List.of("alice", "bob")) {
                GenetNode node = tree.newNode(10);
                node.on(event -> {
                    if (event instanceof NodeEvent.Data d && d.isParent() && d.data().asText().equals("ping")) {
                        d.channel().send(name);
                    }
                }).join();
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                got.add(answers.poll(30, TimeUnit.SECONDS));
            }
            assertThat(got).containsExactlyInAnyOrder("alice", "bob");
        }
    }

    @ParameterizedTest(name = "{0} nodes of max degree {1}")
    @CsvSource({"10, 2", "50, 3"})
    void nodesAllJoinAndKeepAtMostMaxDegreeChildren(int count, int maxDegree) throws Exception {
        try (RealTree tree = new RealTree()) {
            tree.startRoot(maxDegree);
            List<GenetNode> joiners = new ArrayList<>();
            List<NodeEvent> overloads = new CopyOnWriteArrayList<>();
            for (int i = 0; i < count; i++) {
                GenetNode node = tree.newNode(maxDegree);
                node.on(event -> {
                    if ((event instanceof NodeEvent.ChildConnect || event instanceof NodeEvent.CandidateCreate)
                            && node.node().childrenNb() + node.node().candidatesNb() > maxDegree) {
                        overloads.add(event);
                    }
                });
                joiners.add(node);
            }
            joiners.forEach(GenetNode::join);
            RealTree.await(() -> joiners.stream().allMatch(n -> n.parent() != null), "every node has a parent");
            // a child's end of the channel may open before its parent's: wait for the parents too
            RealTree.await(() -> tree.nodes.stream().mapToInt(GenetNode::childrenNb).sum() == count, "every parent has its children");
            int children = 0;
            for (GenetNode node : tree.nodes) {
                assertThat(node.childrenNb()).isLessThanOrEqualTo(maxDegree);
                children += node.childrenNb();
            }
            assertThat(children).isEqualTo(count);
            assertThat(overloads).isEmpty();
            assertThat(WebRtc.openPeers()).isEqualTo(2 * count);
        }
        assertThat(WebRtc.openPeers()).isZero();
    }
}
