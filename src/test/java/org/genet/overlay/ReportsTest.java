package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.junit.jupiter.api.Test;

/** The report payloads and the aggregation, without a network: deltas, bounds, hostile input. */
class ReportsTest {

    private static NodeInfo node(String id, Map<Integer, String> children) {
        return new NodeInfo(id, null, "java", 2, -1, null, -1, new TreeMap<>(children), List.of(),
                Collections.emptySortedMap(), Double.NaN, true);
    }

    private static ObjectNode report(boolean full, String top, int count, String prefix) {
        ObjectNode p = Extensions.payload(Extensions.REPORT);
        p.put("full", full);
        p.put("top", top);
        ArrayNode nodes = p.putArray("nodes");
        for (int i = 0; i < count; i++) {
            nodes.addObject().put("id", prefix + i).put("impl", "java").put("maxDegree", 2);
        }
        return p;
    }

    @Test
    void aSnapshotThenDeltasBringTheParentToTheChildsTree() throws Exception {
        NodeInfo self = node("1", Map.of());
        Subtree a = Subtree.single(node("2", Map.of()));
        TreeSnapshot before = Reports.aggregate(self, 0, new TreeMap<>(Map.of(0, a)));
        List<ObjectNode> first = Reports.payloads(null, before, 0);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).path("full").asBoolean()).isTrue();

        Subtree atParent = new Subtree();
        Reports.apply(atParent, first.get(0));
        assertThat(atParent.nodes.keySet()).containsExactlyInAnyOrder("1", "2");

        // a grandchild arrives: a delta with the changed node and the new one, nothing else
        Subtree b = Subtree.single(node("2", Map.of(0, "3")));
        b.nodes.put("3", node("3", Map.of()));
        TreeSnapshot after = Reports.aggregate(self, 0, new TreeMap<>(Map.of(0, b)));
        List<ObjectNode> delta = Reports.payloads(before.nodes(), after, 1);
        assertThat(delta).hasSize(1);
        assertThat(delta.get(0).path("full").asBoolean()).isFalse();
        assertThat(delta.get(0).path("nodes")).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrder("2", "3");
        Reports.apply(atParent, delta.get(0));
        assertThat(atParent.nodes.get("2").children()).containsEntry(0, "3");

        // it leaves: a removal
        List<ObjectNode> removal = Reports.payloads(after.nodes(), before, 2);
        assertThat(removal.get(0).path("removed")).extracting(n -> n.asText()).containsExactly("3");
        Reports.apply(atParent, removal.get(0));
        assertThat(atParent.nodes.keySet()).containsExactlyInAnyOrder("1", "2");

        // nothing changed: nothing to send
        assertThat(Reports.payloads(before.nodes(), before, 3)).isEmpty();
    }

    /**
     * Found by the browser page's hostile tests: the ids of a subtree that left all went in the
     * first payload, and a parent closes a child whose one report names over
     * {@link Reports#MAX_NODES_PER_REPORT}: when 1,200 nodes below a node left, its own parent cut it.
     */
    @Test
    void aSubtreeOfOverAThousandNodesLeavingIsReportedInPiecesItsParentTakes() throws Exception {
        TreeSnapshot before = topAboveAChainOf(1_200);
        Subtree atParent = new Subtree();
        for (ObjectNode p : Reports.payloads(null, before, 0)) {
            assertThat(Reports.apply(atParent, p).overBound()).isNull();
        }
        assertThat(atParent.nodes).hasSize(1_201);

        TreeSnapshot after = Reports.aggregate(node("top", Map.of()), 0, new TreeMap<>());
        List<ObjectNode> deltas = Reports.payloads(before.nodes(), after, 100);
        assertThat(deltas).hasSizeGreaterThan(1);
        for (ObjectNode p : deltas) {
            assertThat(p.path("removed").size()).isLessThanOrEqualTo(Reports.NODES_PER_PAYLOAD);
            assertThat(Reports.apply(atParent, p).overBound()).as("the parent takes every piece").isNull();
        }
        assertThat(atParent.nodes.keySet()).containsExactly("top");
    }

    /** "top" with one child, the top of a chain c0, c1, ... of {@code length} nodes. */
    private static TreeSnapshot topAboveAChainOf(int length) {
        Subtree chain = new Subtree();
        chain.top = "c0";
        for (int i = 0; i < length; i++) {
            chain.nodes.put("c" + i, node("c" + i, i + 1 < length ? Map.of(0, "c" + (i + 1)) : Map.of()));
        }
        return Reports.aggregate(node("top", Map.of()), 0, new TreeMap<>(Map.of(0, chain)));
    }

    @Test
    void aLongSnapshotIsSplitBelowTheMessageSize() {
        TreeSnapshot tree = topAboveAChainOf(1_000);
        assertThat(tree.size()).isEqualTo(1_001);
        assertThat(tree.node("c999").depth()).isEqualTo(1_000); // a deep chain, walked without recursion
        List<ObjectNode> payloads = Reports.payloads(null, tree, 0);
        assertThat(payloads).hasSize(3);
        assertThat(payloads).extracting(p -> p.path("full").asBoolean()).containsExactly(true, false, false);
        assertThat(payloads).allSatisfy(p -> assertThat(Wire.dataFrame(p).length()).isLessThan(262_144 / 2));
    }

    @Test
    void aHostileChildCannotMakeItsParentGrowWithoutBound() throws Exception {
        // too many nodes in one report: a bound passed, nothing of it applied
        Subtree subtree = new Subtree();
        Reports.Applied applied = Reports.apply(subtree, report(true, "x0", 5_000, "x"));
        assertThat(applied.overBound()).contains("over " + Reports.MAX_NODES_PER_REPORT + " nodes");
        assertThat(subtree.nodes).isEmpty();
        // report after report: the subtree passes its bound on the 21st
        for (int r = 0; r < 20; r++) {
            assertThat(Reports.apply(subtree, report(false, "x0", 1_000, "r" + r + "-")).overBound()).isNull();
        }
        assertThat(subtree.nodes).hasSize(Reports.MAX_SUBTREE_NODES);
        assertThat(Reports.apply(subtree, report(false, "x0", 1, "one-more")).overBound())
                .contains("over " + Reports.MAX_SUBTREE_NODES + " nodes");
        // a full report starts over
        Subtree fresh = new Subtree();
        Reports.apply(fresh, report(true, "y", 1, "y"));
        assertThat(fresh.nodes).hasSize(1);
    }

    /**
     * Issue 19, finding 1: reports whose nodes name 1,024 children each that are never reported
     * made 1,048,576 "unknown" nodes at the root from 13 MB of reports. The child links count
     * against the subtree's bound, so the unknown nodes do too.
     */
    @Test
    void phantomChildrenCountAgainstTheSubtreeBound() throws Exception {
        Subtree subtree = new Subtree();
        String overBound = null;
        int reports = 0;
        for (int r = 0; r < 64 && overBound == null; r++, reports++) {
            ObjectNode p = report(r == 0, "p0", 0, "p");
            ArrayNode nodes = (ArrayNode) p.get("nodes");
            for (int i = 0; i < 16; i++) {
                ObjectNode n = nodes.addObject().put("id", "p" + (r * 16 + i)).put("impl", "java").put("maxDegree", 1_024);
                ObjectNode children = n.putObject("children");
                for (int slot = 0; slot < 1_024; slot++) {
                    children.put(Integer.toString(slot), "g" + r + "-" + i + "-" + slot); // never reported
                }
            }
            overBound = Reports.apply(subtree, p).overBound();
        }
        assertThat(overBound).contains("over " + Reports.MAX_SUBTREE_NODES + " nodes");
        assertThat(reports).isLessThanOrEqualTo(2); // 20,000 links: the 20th node of 1,024 children
        // what the parent would have shown: at most the bound, the unknown nodes included
        Subtree kept = new Subtree();
        kept.top = "p0";
        subtree.nodes.values().stream().limit(19).forEach(kept::put);
        TreeSnapshot tree = Reports.aggregate(node("top", Map.of()), 0, new TreeMap<>(Map.of(0, kept)));
        assertThat(tree.size()).isLessThanOrEqualTo(Reports.MAX_SUBTREE_NODES + 1);
    }

    @Test
    void aNodeNamingMoreChildrenThanAllowedPassesABound() throws Exception {
        ObjectNode p = report(true, "a", 0, "a");
        ObjectNode children = ((ArrayNode) p.get("nodes")).addObject().put("id", "a").put("impl", "java").putObject("children");
        for (int slot = 0; slot < 11; slot++) {
            children.put(Integer.toString(slot), "c" + slot);
        }
        assertThat(Reports.apply(new Subtree(), p, NodeBounds.DEFAULT.withChildrenPerNode(10)).overBound())
                .contains("over 10 children");
        assertThat(Reports.apply(new Subtree(), p, NodeBounds.DEFAULT).overBound()).isNull();
    }

    @Test
    void namesAreCleanedAndIdsWithControlCharactersRefused() throws Exception {
        ObjectNode p = report(true, "a", 0, "a");
        ArrayNode nodes = (ArrayNode) p.get("nodes");
        nodes.addObject().put("id", "a").put("name", "\u001b[2Jevil\nline\u202eflip").put("impl", "java\u0007");
        nodes.addObject().put("id", "b\nforged").put("impl", "java");
        Subtree subtree = new Subtree();
        Reports.Applied applied = Reports.apply(subtree, p);
        assertThat(applied.dropped()).isEqualTo(1);
        assertThat(subtree.nodes.keySet()).containsExactly("a");
        assertThat(subtree.nodes.get("a").name()).isEqualTo("\\x1b[2Jevil\\x0aline\\u202eflip");
        assertThat(subtree.nodes.get("a").impl()).isEqualTo("java\\x07");
    }

    @Test
    void malformedReportsAndNodesAreRefused() throws Exception {
        assertThatThrownBy(() -> Reports.apply(new Subtree(), Extensions.payload(Extensions.REPORT)))
                .isInstanceOf(WireException.class).hasMessageContaining("top");
        ObjectNode notArray = report(true, "a", 0, "a");
        notArray.put("nodes", "lots");
        assertThatThrownBy(() -> Reports.apply(new Subtree(), notArray)).isInstanceOf(WireException.class);

        ObjectNode bad = report(true, "a", 0, "a");
        ArrayNode nodes = (ArrayNode) bad.get("nodes");
        nodes.addObject().put("id", "ok").put("name", "n".repeat(500));
        nodes.addObject().put("id", "x".repeat(100));
        nodes.addObject().put("id", "slot").set("children", Wire.json().createObjectNode().put("99999", "z"));
        nodes.addObject().put("id", "deg").put("maxDegree", 1_000_000);
        nodes.add("not an object");
        Subtree subtree = new Subtree();
        Reports.Applied applied = Reports.apply(subtree, bad);
        assertThat(applied.dropped()).isEqualTo(4);
        assertThat(subtree.nodes.keySet()).containsExactly("ok");
        assertThat(subtree.nodes.get("ok").name()).hasSize(Reports.MAX_NAME_LENGTH);
    }

    @Test
    void cyclesAndSharedIdsStillGiveATreeWithOneKeyPerNode() {
        Subtree cycle = new Subtree();
        cycle.top = "a";
        cycle.nodes.put("a", node("a", Map.of(0, "b")));
        cycle.nodes.put("b", node("b", Map.of(0, "a", 1, "ghost"))); // back to a, and a child never reported
        Subtree twin = Subtree.single(node("b", Map.of())); // another node with b's id
        TreeSnapshot tree = Reports.aggregate(node("top", Map.of()), 0, new TreeMap<>(Map.of(0, cycle, 1, twin)));
        // keys are given as nodes are met: a node's children when it is walked, depth first in slot order
        assertThat(tree.nodes().keySet()).containsExactly("top", "a", "b~2", "ghost", "b");
        assertThat(tree.node("b~2").parentId()).isEqualTo("a");
        assertThat(tree.node("b~2").children()).containsExactly(Map.entry(1, "ghost"));
        assertThat(tree.node("ghost").impl()).isEqualTo("unknown");
        assertThat(tree.node("ghost").reports()).isFalse();
        assertThat(tree.node("b").parentId()).isEqualTo("top");
        assertThat(tree.node("b").slot()).isEqualTo(1);
        assertThat(tree.node("ghost").depth()).isEqualTo(3);
    }
}
