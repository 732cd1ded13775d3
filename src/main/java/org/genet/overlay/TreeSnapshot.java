package org.genet.overlay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** A tree as one node knows it: itself and its subtree (at the root: the whole tree). Immutable. */
public record TreeSnapshot(String topId, Map<String, NodeInfo> nodes) {

    public TreeSnapshot {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** One node. impl: "java", "app", "browser", "original" (a node that does not report), "unknown". */
    public record NodeInfo(String id, String name /* null if none */, String impl, int maxDegree /* -1 unknown */,
                           int depth, String parentId /* null at the top */, int slot /* -1 at the top */,
                           SortedMap<Integer, String> children /* slot -> child id */,
                           List<String> candidates /* short ids of pending joiners */,
                           SortedMap<Integer, Integer> storedPerSlot, double rttMs /* NaN unknown */,
                           boolean reports) {

        public NodeInfo {
            children = Collections.unmodifiableSortedMap(new java.util.TreeMap<>(children));
            candidates = List.copyOf(candidates);
            storedPerSlot = Collections.unmodifiableSortedMap(new java.util.TreeMap<>(storedPerSlot));
        }

        /** How every place names this node: its name if it has one, else its id. */
        public String label() { return name != null && !name.isEmpty() ? name : id; }
    }

    /** An empty tree with no top. */
    public static TreeSnapshot empty() {
        return new TreeSnapshot(null, Map.of());
    }

    /** The top node, or null if the tree is empty. */
    public NodeInfo top() {
        return topId == null ? null : nodes.get(topId);
    }

    /** How many nodes this tree holds. */
    public int size() {
        return nodes.size();
    }

    /** The node with this id, or null. */
    public NodeInfo node(String id) {
        return nodes.get(id);
    }
}
