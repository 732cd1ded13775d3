package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.genet.overlay.Node;
import org.genet.overlay.TreeInfo;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/**
 * The {@code tree} extension (docs/EXTENSIONS.md) on real nodes in the simulator: every node learns
 * the tree's size from the root and its path up to it by name; a new node learns it at once; the
 * path is bounded; bad payloads are dropped.
 */
class TreeInfoSimTest {

    /** A root and {@code count} named joiners, every node speaking the extension. */
    private static SimTree grown(int count, int maxDegree, Map<Node, TreeInfo> infos) {
        SimTree tree = new SimTree(7, maxDegree, 30_000);
        tree.root = tree.newNode();
        tree.root.setName("speaker");
        infos.put(tree.root, TreeInfo.attach(tree.root));
        tree.root.becomeRoot(SimTree.SECRET);
        tree.clock.advance(50);
        List<Node> joiners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node n = tree.newNode();
            n.setName("phone " + i);
            infos.put(n, TreeInfo.attach(n));
            joiners.add(n);
        }
        joiners.forEach(Node::join);
        tree.runUntil(() -> joiners.stream().allMatch(n -> n.parent() != null), 120_000, "every joiner has a parent");
        return tree;
    }

    /** The path from the root to {@code n}'s parent, by the nodes' own names. */
    private static List<String> namesAbove(SimTree tree, Node n) {
        List<String> out = new ArrayList<>();
        for (Node p = tree.parentOf(n); p != null; p = tree.parentOf(p)) {
            out.add(0, p.label());
        }
        return out;
    }

    @Test
    void everyNodeLearnsTheTreesSizeAndItsPathUpToTheRootByName() {
        Map<Node, TreeInfo> infos = new HashMap<>();
        SimTree tree = grown(60, 3, infos);
        tree.runUntil(() -> infos.values().stream().allMatch(i -> i.size() == 61), 10_000, "every node knows 61");
        for (Node n : tree.alive()) {
            TreeInfo info = infos.get(n);
            assertThat(info.size()).isEqualTo(61);
            assertThat(info.path().stream().map(TreeInfo.Hop::label).toList()).as("the path above " + n)
                    .isEqualTo(namesAbove(tree, n));
            if (n != tree.root) {
                assertThat(info.known().depth()).isEqualTo(n.depth());
                assertThat(info.path().get(0).name()).isEqualTo("speaker");
                assertThat(info.path().get(info.path().size() - 1).id()).isEqualTo(n.parent().nodeId());
            }
        }
        // one more: the newcomer learns at once, the others within ten seconds (a change by less
        // than a tenth waits)
        Node late = tree.newNode();
        late.setName("late");
        infos.put(late, TreeInfo.attach(late));
        late.join();
        tree.runUntil(() -> late.parent() != null && infos.get(late).size() > 0, 10_000, "the newcomer knows");
        long joinedAt = tree.clock.now();
        tree.runUntil(() -> infos.values().stream().allMatch(i -> i.size() == 62), 15_000, "every node knows 62");
        assertThat(tree.clock.now() - joinedAt).as("ms until all know").isLessThanOrEqualTo(TreeInfo.MAX_INTERVAL_MS + 1_000);
        assertThat(infos.get(late).path().stream().map(TreeInfo.Hop::label).toList()).isEqualTo(namesAbove(tree, late));
        // seven more, a tenth of 62: all know within a second or so of the last one's joining
        List<Node> more = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Node n = tree.newNode();
            infos.put(n, TreeInfo.attach(n));
            n.join();
            more.add(n);
        }
        tree.runUntil(() -> more.stream().allMatch(n -> n.parent() != null), 10_000, "the seven joined");
        long allJoinedAt = tree.clock.now();
        tree.runUntil(() -> infos.values().stream().allMatch(i -> i.size() == 69), 15_000, "every node knows 69");
        assertThat(tree.clock.now() - allJoinedAt).as("ms until all know of a change by a tenth")
                .isLessThanOrEqualTo(TreeInfo.MIN_INTERVAL_MS + 2_000);
    }

    @Test
    void aLongChainCarriesTheRootAndTheNearestAncestorsOnly() {
        Map<Node, TreeInfo> infos = new HashMap<>();
        SimTree tree = grown(45, 1, infos); // maxDegree 1: a chain 45 deep
        tree.runUntil(() -> infos.values().stream().allMatch(i -> i.size() == 46), 30_000, "every node knows 46");
        Node deepest = tree.alive().stream().filter(n -> n.depth() == 45).findFirst().orElseThrow();
        TreeInfo.Known k = infos.get(deepest).known();
        assertThat(k.path()).hasSize(TreeInfo.MAX_PATH);
        assertThat(k.path().get(0).name()).isEqualTo("speaker");
        assertThat(k.skipped()).isEqualTo(45 - TreeInfo.MAX_PATH);
        assertThat(k.depth()).isEqualTo(45);
        List<String> above = namesAbove(tree, deepest);
        assertThat(k.path().stream().map(TreeInfo.Hop::label).toList().subList(1, TreeInfo.MAX_PATH))
                .isEqualTo(above.subList(above.size() - (TreeInfo.MAX_PATH - 1), above.size()));
    }

    @Test
    void aMalformedPayloadIsDroppedWhole() throws Exception {
        assertThat(readable("{\"genet\":\"tree\",\"v\":1,\"size\":3,\"path\":[{\"id\":\"123456\",\"name\":\"a\"}]}")).isTrue();
        assertThat(readable("{\"genet\":\"tree\",\"v\":1,\"size\":0,\"path\":[{\"id\":\"123456\"}]}")).isFalse();
        assertThat(readable("{\"genet\":\"tree\",\"v\":1,\"size\":3,\"path\":[]}")).isFalse();
        assertThat(readable("{\"genet\":\"tree\",\"v\":1,\"size\":3,\"path\":[{\"id\":\"" + "9".repeat(25) + "\"}]}")).isFalse();
        assertThat(readable("{\"genet\":\"tree\",\"v\":1,\"size\":3,\"path\":\"alice\"}")).isFalse();
        StringBuilder tooLong = new StringBuilder("{\"genet\":\"tree\",\"v\":1,\"size\":3,\"path\":[");
        for (int i = 0; i <= TreeInfo.MAX_PATH; i++) {
            tooLong.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\"}");
        }
        assertThat(readable(tooLong.append("]}").toString())).isFalse();
    }

    private static boolean readable(String json) throws Exception {
        return TreeInfo.read(Wire.parse(json)) != null;
    }
}
