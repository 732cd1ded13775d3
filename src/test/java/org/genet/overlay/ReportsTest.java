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

    @Test
    void aLongSnapshotIsSplitBelowTheMessageSize() {
        SortedMap<Integer, Subtree> children = new TreeMap<>();
        Subtree big = new Subtree();
        big.top = "c0";
        for (int i = 0; i < 1_000; i++) {
            big.nodes.put("c" + i, node("c" + i, i + 1 < 1_000 ? Map.of(0, "c" + (i + 1)) : Map.of()));
        }
        children.put(0, big);
        TreeSnapshot tree = Reports.aggregate(node("top", Map.of()), 0, children);
        assertThat(tree.size()).isEqualTo(1_001);
        assertThat(tree.node("c999").depth()).isEqualTo(1_000); // a deep chain, walked without recursion
        List<ObjectNode> payloads = Reports.payloads(null, tree, 0);
        assertThat(payloads).hasSize(3);
        assertThat(payloads).extracting(p -> p.path("full").asBoolean()).containsExactly(true, false, false);
        assertThat(payloads).allSatisfy(p -> assertThat(Wire.dataFrame(p).length()).isLessThan(262_144 / 2));
    }

    @Test
    void aHostileChildCannotMakeItsParentGrowWithoutBound() throws Exception {
        Subtree subtree = new Subtree();
        // too many nodes in one report: the rest are dropped
        Reports.Applied applied = Reports.apply(subtree, report(true, "x0", 5_000, "x"));
        assertThat(applied.dropped()).isEqualTo(4_000);
        assertThat(subtree.nodes).hasSize(Reports.MAX_NODES_PER_REPORT);
        // report after report: the subtree stops at its bound
        for (int r = 0; r < 30; r++) {
            Reports.apply(subtree, report(false, "x0", 1_000, "r" + r + "-"));
        }
        assertThat(subtree.nodes).hasSize(Reports.MAX_SUBTREE_NODES);
        // a full report starts over
        Reports.apply(subtree, report(true, "y", 1, "y"));
        assertThat(subtree.nodes).hasSize(1);
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
