package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.genet.Await;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.SignalKind;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Self-repair on real trees: real WebRTC peers and our bootstrap server on 127.0.0.1, in this JVM
 * ({@link Chaos} grows them and checks their shape against the nodes themselves).
 */
class SelfRepairTest {
    private static final long KEEPALIVE_MS = 1_500;

    private static Chaos.Options options(int nodes, long seed) {
        return new Chaos.Options(nodes, 3, 0.1, KEEPALIVE_MS, 5_000, 30_000, seed);
    }

    @AfterAll
    static void shutdown() {
        WebRtc.shutdown();
    }

    @Test
    void killingATenthOfSixtyNodesLosesNone() throws Exception {
        try (Chaos chaos = new Chaos(options(60, 1))) {
            chaos.grow();
            Chaos.Result r = chaos.killScenario();
            assertThat(r.killed()).isEqualTo(6);
            assertThat(r.orphans()).as("the killed nodes had children").isPositive();
            assertThat(r.nodesLost()).isZero();
            assertThat(r.nodesAfter()).isEqualTo(54);
            assertThat(r.noCycle()).isTrue();
            assertThat(r.depthsConsistent()).isTrue();
            assertThat(chaos.shape().healed()).isTrue();
        }
    }

    @Test
    void aFrozenNodeIsNoticedByItsParentAndChildrenWithinTheBound() throws Exception {
        try (Chaos chaos = new Chaos(options(20, 2))) {
            chaos.grow();
            GenetNode victim = chaos.live().stream().filter(n -> n.parent() != null && n.childrenNb() > 0)
                    .findFirst().orElseThrow();
            GenetNode parent = chaos.live().stream()
                    .filter(n -> n.children().values().stream().anyMatch(c -> victim.id().equals(c.nodeId())))
                    .findFirst().orElseThrow();
            List<GenetNode> children = chaos.live().stream().filter(n -> n.parent() != null
                    && victim.id().equals(n.parent().nodeId())).toList();
            assertThat(children).isNotEmpty();
            Map<GenetNode, Long> noticed = new ConcurrentHashMap<>();
            parent.on(e -> {
                if (e instanceof NodeEvent.ChildError c && victim.id().equals(c.channel().nodeId())) {
                    noticed.put(parent, System.nanoTime());
                }
            });
            for (GenetNode child : children) {
                child.on(e -> {
                    if (e instanceof NodeEvent.ParentError) {
                        noticed.put(child, System.nanoTime());
                    }
                });
            }
            long frozenAt = System.nanoTime();
            chaos.freeze(victim);
            Await.until(() -> noticed.size() == children.size() + 1, "the parent and the children notice", 20);
            for (long at : noticed.values()) {
                // The bound, plus one keepalive period, plus slack for a loaded machine.
                assertThat((at - frozenAt) / 1_000_000).isBetween(KEEPALIVE_MS - 300, KEEPALIVE_MS + KEEPALIVE_MS / 4 + 1_500);
            }
            Await.until(() -> chaos.shape().healed(), "the children are back", 30);
        }
    }

    @Test
    void whenTheRootDiesAStandbyTakesOverAndEveryNodeIsBackUnderIt() throws Exception {
        try (Chaos chaos = new Chaos(options(20, 3))) {
            chaos.grow();
            GenetNode oldRoot = chaos.shape().root();
            Chaos.Result r = chaos.rootScenario();
            assertThat(r.nodesLost()).isZero();
            Chaos.Shape shape = chaos.shape();
            assertThat(shape.healed()).isTrue();
            assertThat(shape.root()).isNotSameAs(oldRoot);
            assertThat(shape.reachable()).isEqualTo(19);
        }
    }

    @Test
    void dataFlowsWhileTheServerIsDownAndJoinsResumeWhenItIsBack() throws Exception {
        try (Chaos chaos = new Chaos(options(15, 3))) {
            chaos.grow();
            Chaos.Result r = chaos.serverScenario(1_500, 3);
            assertThat(chaos.receivedWhileServerDown()).as("DATA while the server is down").isPositive();
            assertThat(r.nodesAfter()).isEqualTo(18);
            assertThat(r.nodesLost()).isZero();
            assertThat(chaos.shape().healed()).isTrue();
        }
    }

    /**
     * The root takes one child, A (two more below it). The link between root and A freezes: A
     * notices within its bound, but the root, with a longer bound, goes on listing A and
     * delegating every join request to it (it has no other child to take them: HungChildTest), A's
     * own included. A never joins below itself: it is
     * back directly under the root once the root drops it, its subtree still attached.
     */
    @Test
    void anOrphanWhoseOldParentStillListsItNeverJoinsBelowItself() throws Exception {
        try (RealTree tree = new RealTree()) {
            List<NodeEvent> rootEvents = tree.rootEvents;
            GenetNode root = tree.startRoot(1);
            root.keepaliveBound(6_000); // the root keeps the frozen A long enough for A to ask it again
            FreezableNetwork[] network = new FreezableNetwork[1];
            GenetNode a = new GenetNode(tree.client, tree.loops.get(1), new java.util.Random(5), 2, 2_500, false,
                    real -> network[0] = new FreezableNetwork(real));
            tree.nodes.add(a);
            // A's bound covers its children's keepalives too: 1 s cut B and C when the machine starved
            // the test's threads for longer (load average 60 under stress --cpu 2 beside other builds)
            a.keepaliveBound(2_000);
            List<NodeEvent> aEvents = new CopyOnWriteArrayList<>();
            a.on(aEvents::add).on(e -> {
                if (e instanceof NodeEvent.JoinFail && !a.node().isRejoining() && a.node().parent() == null) {
                    a.node().join(); // the first join, on a loaded machine: try again
                }
            }).join();
            try {
                RealTree.await(() -> a.depth() == 1, "A is the root's child");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nA: " + describe(aEvents) + "\nroot: " + describe(rootEvents), e);
            }
            GenetNode b = tree.newNode(2).join();
            GenetNode c = tree.newNode(2).join();
            RealTree.await(() -> b.depth() == 2 && c.depth() == 2, "B and C are below A");

            tree.onClose(() -> network[0].releaseAll());
            network[0].joins.get(0).freeze();
            RealTree.await(a::isRejoining, "A notices its parent is silent");
            int mark = rootEvents.size();
            RealTree.await(() -> rootEvents.subList(mark, rootEvents.size()).stream().anyMatch(e ->
                    e instanceof NodeEvent.JoinRequestHandled h && h.decision() == NodeEvent.Decision.DELEGATE
                            && h.signal() == SignalKind.OFFER), "the root delegates A's offer into the frozen link");
            try {
                RealTree.await(() -> !a.isRejoining() && a.depth() == 1 && b.depth() == 2 && c.depth() == 2,
                        "A is back under the root with B and C");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nA: " + describe(aEvents) + "\nroot: " + describe(rootEvents), e);
            }
            assertThat(a.parent().nodeId()).isEqualTo(root.id());
            assertThat(root.children().values()).extracting(ch -> ch.nodeId()).containsExactly(a.id());
            assertThat(aEvents).as("A's children never left").noneMatch(e -> e instanceof NodeEvent.ChildClose
                    || e instanceof NodeEvent.ChildError);
            assertThat(aEvents).as("attempts lost in the frozen link").anyMatch(e -> e instanceof NodeEvent.JoinFail);
        }
    }

    private static String describe(List<NodeEvent> events) {
        return String.join("\n  ", events.stream().filter(e -> !(e instanceof NodeEvent.TopologyChange))
                .map(org.genet.overlay.EventText::line).toList());
    }
}
