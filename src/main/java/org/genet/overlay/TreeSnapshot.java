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
                           boolean reports, String link /* to its parent: "direct", "nat", "relay"; null unknown */) {

        /** A node whose link to its parent is not known. */
        public NodeInfo(String id, String name, String impl, int maxDegree, int depth, String parentId, int slot,
                        SortedMap<Integer, String> children, List<String> candidates,
                        SortedMap<Integer, Integer> storedPerSlot, double rttMs, boolean reports) {
            this(id, name, impl, maxDegree, depth, parentId, slot, children, candidates, storedPerSlot, rttMs, reports, null);
        }

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

    /**
     * The tree as JSON: {@code {"top":ID,"size":N,"nodes":[...]}}, each node with its id, name,
     * parent, slot, depth, impl, maxDegree, children (slot to id), candidates, stored (slot to
     * count), rttMs, reports and link (to its parent: direct, nat or relay); null where unknown. Nodes in walk order, the top first.
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode json = Wire.json().createObjectNode();
        json.put("top", topId);
        json.put("size", nodes.size());
        com.fasterxml.jackson.databind.node.ArrayNode list = json.putArray("nodes");
        for (NodeInfo n : nodes.values()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = list.addObject();
            o.put("id", n.id());
            o.put("name", n.name());
            o.put("parent", n.parentId());
            if (n.slot() >= 0) {
                o.put("slot", n.slot());
            } else {
                o.putNull("slot");
            }
            o.put("depth", n.depth());
            o.put("impl", n.impl());
            if (n.maxDegree() >= 0) {
                o.put("maxDegree", n.maxDegree());
            } else {
                o.putNull("maxDegree");
            }
            com.fasterxml.jackson.databind.node.ObjectNode children = o.putObject("children");
            n.children().forEach((slot, id) -> children.put(Integer.toString(slot), id));
            com.fasterxml.jackson.databind.node.ArrayNode candidates = o.putArray("candidates");
            n.candidates().forEach(candidates::add);
            com.fasterxml.jackson.databind.node.ObjectNode stored = o.putObject("stored");
            n.storedPerSlot().forEach((slot, count) -> stored.put(Integer.toString(slot), count));
            if (Double.isNaN(n.rttMs())) {
                o.putNull("rttMs");
            } else {
                o.put("rttMs", n.rttMs());
            }
            o.put("reports", n.reports());
            o.put("link", n.link());
        }
        return json;
    }

    /** The node with this id, or null. */
    public NodeInfo node(String id) {
        return nodes.get(id);
    }
}
