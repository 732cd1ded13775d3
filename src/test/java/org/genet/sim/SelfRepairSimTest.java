package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.SignalKind;
import org.junit.jupiter.api.Test;

/**
 * Self-repair (PROTOCOL.md section 7, defects 5 and 6) on the simulator, deterministically: nodes
 * die, freeze, the root goes, the server goes; every survivor is back in one tree under the root,
 * with no cycle.
 */
class SelfRepairSimTest {

    @Test
    void killingATenthOfSixtyNodesLeavesEverySurvivorBackUnderTheRoot() {
        for (long seed = 1; seed <= 5; seed++) {
            SimTree tree = SimTree.grown(seed, 59, 3, 5_000);
            tree.assertHealed(tree.root);
            Random random = new Random(seed);
            List<Node> victims = new ArrayList<>(tree.alive().subList(1, 60));
            java.util.Collections.shuffle(victims, random);
            victims.subList(0, 6).forEach(tree::kill);
            tree.runUntil(() -> tree.healed(tree.root), 120_000, "every survivor is back (seed " + tree + ")");
            tree.clock.advance(200);
            tree.assertHealed(tree.root);
            assertThat(tree.alive()).hasSize(54);
            tree.clock.advance(5_000); // the reports of the moved subtrees travel up
            assertThat(tree.root.topology().size()).as("the root's view of the tree").isEqualTo(54);
        }
    }

    @Test
    void anOrphanRejoinsWithItsSubtreeStillAttached() {
        SimTree tree = SimTree.grown(3, 12, 2, 5_000);
        Node victim = tree.alive().stream()
                .filter(n -> n != tree.root && n.childrenNb() == 2 && tree.parentOf(n) != tree.root)
                .findFirst().orElseThrow();
        List<Node> orphans = tree.alive().stream().filter(n -> tree.parentOf(n) == victim).toList();
        tree.kill(victim);
        tree.runUntil(() -> tree.healed(tree.root), 60_000, "the orphans are back");
        for (Node orphan : orphans) {
            List<NodeEvent> log = tree.events.get(orphan);
            assertThat(log).anyMatch(e -> e instanceof NodeEvent.Rejoining);
            assertThat(log).anyMatch(e -> e instanceof NodeEvent.Rejoined r && !r.asRoot());
            // Its children never left it.
            assertThat(log.stream().filter(e -> e instanceof NodeEvent.ChildClose || e instanceof NodeEvent.ChildError))
                    .isEmpty();
        }
        tree.assertHealed(tree.root);
    }

    @Test
    void withRepairOffAnOrphanStaysAnOrphan() {
        SimTree tree = SimTree.grown(4, 6, 2, 5_000);
        tree.alive().forEach(n -> n.setRepair(false));
        Node orphan = tree.alive().stream().filter(n -> tree.parentOf(n) != null && tree.parentOf(n) != tree.root)
                .findFirst().orElseThrow();
        tree.kill(tree.parentOf(orphan));
        tree.clock.advance(30_000);
        assertThat(orphan.parent()).isNull();
        assertThat(orphan.isRejoining()).isFalse();
        assertThat(orphan.isJoining()).isFalse();
    }

    @Test
    void whenTheRootDiesAStandbyTakesOverAndEveryNodeIsBackUnderIt() {
        SimTree tree = SimTree.grown(5, 30, 3, 5_000);
        tree.alive().forEach(n -> n.setStandby(SimTree.SECRET));
        tree.kill(tree.root);
        tree.runUntil(() -> tree.alive().stream().filter(Node::isRoot).count() == 1
                && tree.healed(tree.alive().stream().filter(Node::isRoot).findFirst().orElseThrow()), 120_000,
                "a new root with every node under it");
        Node newRoot = tree.alive().stream().filter(Node::isRoot).findFirst().orElseThrow();
        tree.clock.advance(200);
        tree.assertHealed(newRoot);
        assertThat(tree.events.get(newRoot)).anyMatch(e -> e instanceof NodeEvent.Rejoined r && r.asRoot());
    }

    @Test
    void aServerStoppedAndStartedAgainTakesTheRootBackAndJoinsResume() {
        SimTree tree = SimTree.grown(6, 10, 3, 5_000);
        tree.network.stopServer();
        tree.clock.advance(3_000);
        assertThat(tree.root.isRoot()).as("the socket is gone").isFalse();
        assertThat(tree.root.isRejoining()).isTrue();
        // The tree itself is intact: nobody lost a parent.
        tree.alive().stream().filter(n -> n != tree.root).forEach(n -> assertThat(n.parent()).isNotNull());
        tree.network.startServer();
        tree.runUntil(tree.root::isRoot, 30_000, "the root has its socket again");
        Node late = tree.newNode();
        late.join();
        tree.runUntil(() -> late.parent() != null, 30_000, "a new joiner joins");
        tree.clock.advance(200);
        tree.assertHealed(tree.root);
    }

    @Test
    void aFrozenNodeIsNoticedByItsParentAndItsChildrenWithinTheBound() {
        SimTree tree = SimTree.grown(7, 20, 2, 5_000);
        long bound = 2_000;
        tree.alive().forEach(n -> n.setKeepaliveBound(bound));
        tree.clock.advance(1_000);
        Node frozen = tree.alive().stream()
                .filter(n -> n != tree.root && n.childrenNb() == 2 && tree.parentOf(n) != null)
                .findFirst().orElseThrow();
        Node parent = tree.parentOf(frozen);
        List<Node> children = tree.alive().stream().filter(n -> tree.parentOf(n) == frozen).toList();
        int parentErrorsBefore = count(tree, parent, NodeEvent.ChildError.class);
        long at = tree.clock.now();
        tree.freeze(frozen);
        tree.runUntil(() -> count(tree, parent, NodeEvent.ChildError.class) > parentErrorsBefore
                && children.stream().allMatch(c -> count(tree, c, NodeEvent.ParentError.class) > 0), 20_000,
                "the parent and the children notice");
        long noticedAfter = tree.clock.now() - at;
        assertThat(noticedAfter).as("noticed within the bound and one keepalive period")
                .isBetween(bound, bound + bound / 4 + 50);
        assertThat(tree.events.get(parent)).anyMatch(e -> e instanceof NodeEvent.ChildError c
                && c.reason().contains("no keepalive"));
        tree.runUntil(() -> tree.healed(tree.root), 60_000, "the frozen node's children are back");
        tree.assertHealed(tree.root);
    }

    /**
     * The root takes one child, A; the link between them freezes; A notices, but the root goes on
     * listing A and delegates every join request to it, A's own included. A must never take its
     * own request (it has dropped that channel for good): it keeps trying until the root drops A,
     * then joins the root directly.
     */
    @Test
    void anOrphanWhoseOldParentStillListsItNeverJoinsBelowItself() {
        SimTree tree = new SimTree(8, 2, 3_000);
        tree.root = tree.newNode();
        tree.root.setMaxDegree(1);
        tree.root.becomeRoot(SimTree.SECRET);
        tree.clock.advance(50);
        tree.grow(10);
        Node a = tree.alive().stream().filter(n -> tree.parentOf(n) == tree.root).findFirst().orElseThrow();
        tree.root.setKeepaliveBound(30_000);
        a.setKeepaliveBound(1_000);
        List<String> wrongParents = new ArrayList<>();
        a.addListener(event -> {
            if (event instanceof NodeEvent.ParentConnect) {
                Node p = tree.parentOf(a);
                if (tree.hopsToTop(a) < 0 || p != tree.root) {
                    wrongParents.add(String.valueOf(p));
                }
            }
        });
        tree.endpoints.get(a).parentLink().freeze();
        tree.runUntil(a::isRejoining, 5_000, "A notices its parent is silent");
        List<NodeEvent> rootLog = tree.events.get(tree.root);
        int before = rootLog.size();
        tree.runUntil(() -> rootLog.subList(before, rootLog.size()).stream().anyMatch(e -> e instanceof NodeEvent.JoinRequestHandled h
                && h.decision() == NodeEvent.Decision.DELEGATE && h.signal() == SignalKind.OFFER), 20_000,
                "the root delegates A's offer to the frozen A");
        assertThat(tree.root.children()).hasSize(1);
        tree.runUntil(() -> tree.healed(tree.root), 120_000, "A is back under the root");
        assertThat(tree.parentOf(a)).isSameAs(tree.root);
        assertThat(wrongParents).isEmpty();
        assertThat(count(tree, a, NodeEvent.JoinFail.class)).as("attempts lost in the frozen link").isPositive();
        tree.assertHealed(tree.root);
    }

    private static int count(SimTree tree, Node node, Class<? extends NodeEvent> kind) {
        return (int) tree.events.get(node).stream().filter(kind::isInstance).count();
    }
}
