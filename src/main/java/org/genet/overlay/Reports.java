package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.genet.overlay.TreeSnapshot.NodeInfo;

/**
 * Topology reports (docs/EXTENSIONS.md): the tree a node aggregates from its own state and its
 * children's reports, the deltas it sends its parent, and the bounds on what a child may send.
 * No I/O: {@link Node} sends and receives the payloads.
 */
public final class Reports {
    /** Nodes one report payload carries at most; a longer snapshot goes out in several payloads. */
    public static final int NODES_PER_PAYLOAD = 400;
    /** Nodes a receiver reads from one payload: a payload with more breaks the protocol. */
    public static final int MAX_NODES_PER_REPORT = 1_000;
    /** Nodes (and child links) a receiver keeps for one child's subtree by default: {@link NodeBounds#subtreeNodes()}. */
    public static final int MAX_SUBTREE_NODES = 20_000;
    public static final int MAX_ID_LENGTH = 24;
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_SLOTS = 1_024;
    public static final int MAX_CANDIDATES = 64;

    private Reports() {
    }

    // ---- aggregation ------------------------------------------------------------------------

    /**
     * The tree a node knows: {@code self} (its children are filled in here) at depth {@code depth},
     * and below it each child's subtree by slot. A node id met twice (ids have six digits: two
     * nodes of a large tree may share one) is kept as {@code id~2}, {@code id~3}... in walk order;
     * a child named in a report but not reported itself appears as an "unknown" node. Cycles and
     * nodes no child links to are left out.
     */
    static TreeSnapshot aggregate(NodeInfo self, int depth, SortedMap<Integer, Subtree> children) {
        record Item(Subtree tree, Set<String> seen, String reportedId, String key, String parentKey, int slot,
                    int depth) {
        }
        Set<String> used = new HashSet<>();
        used.add(self.id());
        Map<String, NodeInfo> out = new LinkedHashMap<>();
        Deque<Item> stack = new ArrayDeque<>();
        SortedMap<Integer, String> topChildren = new TreeMap<>();
        List<Item> next = new ArrayList<>();
        for (Map.Entry<Integer, Subtree> e : children.entrySet()) {
            Subtree tree = e.getValue();
            Set<String> seen = new HashSet<>();
            seen.add(tree.top);
            String key = unique(tree.top, used);
            topChildren.put(e.getKey(), key);
            next.add(new Item(tree, seen, tree.top, key, self.id(), e.getKey(), depth + 1));
        }
        out.put(self.id(), new NodeInfo(self.id(), self.name(), self.impl(), self.maxDegree(), depth, null, -1,
                topChildren, self.candidates(), self.storedPerSlot(), self.rttMs(), self.reports(), self.link()));
        for (int i = next.size() - 1; i >= 0; i--) {
            stack.push(next.get(i));
        }
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            NodeInfo info = item.tree.nodes.get(item.reportedId);
            if (info == null) {
                info = unknown(item.reportedId);
            }
            SortedMap<Integer, String> keys = new TreeMap<>();
            next.clear();
            for (Map.Entry<Integer, String> c : info.children().entrySet()) {
                if (item.seen.add(c.getValue())) {
                    String key = unique(c.getValue(), used);
                    keys.put(c.getKey(), key);
                    next.add(new Item(item.tree, item.seen, c.getValue(), key, item.key, c.getKey(), item.depth + 1));
                }
            }
            out.put(item.key, new NodeInfo(item.key, info.name(), info.impl(), info.maxDegree(), item.depth,
                    item.parentKey, item.slot, keys, info.candidates(), info.storedPerSlot(), info.rttMs(),
                    info.reports(), info.link()));
            for (int i = next.size() - 1; i >= 0; i--) {
                stack.push(next.get(i));
            }
        }
        return new TreeSnapshot(self.id(), out);
    }

    private static String unique(String id, Set<String> used) {
        if (used.add(id)) {
            return id;
        }
        for (int k = 2; ; k++) {
            String candidate = id + "~" + k;
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    /** A node that is named as a child but says nothing of itself. */
    static NodeInfo unknown(String id) {
        return new NodeInfo(id, null, "unknown", -1, -1, null, -1, Collections.emptySortedMap(), List.of(),
                Collections.emptySortedMap(), Double.NaN, false);
    }

    // ---- what a node sends its parent ---------------------------------------------------------

    /**
     * The payloads that bring a parent from {@code sent} (null: it holds nothing from us yet) to
     * {@code now}: a full snapshot first, deltas after; empty when nothing changed. A long list
     * of nodes is split over several payloads, each well below the data channel's message size.
     */
    static List<ObjectNode> payloads(Map<String, NodeInfo> sent, TreeSnapshot now, int firstSeq) {
        boolean full = sent == null;
        List<NodeInfo> changed = new ArrayList<>();
        for (NodeInfo node : now.nodes().values()) {
            if (full || !node.equals(sent.get(node.id()))) {
                changed.add(node);
            }
        }
        List<String> removed = new ArrayList<>();
        if (!full) {
            for (String id : sent.keySet()) {
                if (!now.nodes().containsKey(id)) {
                    removed.add(id);
                }
            }
        }
        List<ObjectNode> payloads = new ArrayList<>();
        if (!full && changed.isEmpty() && removed.isEmpty()) {
            return payloads;
        }
        // nodes and removed ids alike at most NODES_PER_PAYLOAD a payload: a parent closes a child
        // whose one report names over MAX_NODES_PER_REPORT, so a subtree of thousands leaving goes
        // in pieces too
        int pieces = Math.max(1, Math.max(piecesOf(changed.size()), piecesOf(removed.size())));
        int seq = firstSeq;
        for (int k = 0; k < pieces; k++) {
            ObjectNode p = Extensions.payload(Extensions.REPORT);
            p.put("seq", seq++);
            p.put("full", full && k == 0);
            p.put("top", now.topId());
            ArrayNode nodes = p.putArray("nodes");
            for (NodeInfo node : piece(changed, k)) {
                nodes.add(encode(node));
            }
            List<String> gone = piece(removed, k);
            if (!gone.isEmpty()) {
                ArrayNode r = p.putArray("removed");
                gone.forEach(r::add);
            }
            payloads.add(p);
        }
        return payloads;
    }

    private static int piecesOf(int size) {
        return (size + NODES_PER_PAYLOAD - 1) / NODES_PER_PAYLOAD;
    }

    private static <T> List<T> piece(List<T> all, int k) {
        int from = Math.min(all.size(), k * NODES_PER_PAYLOAD);
        return all.subList(from, Math.min(all.size(), from + NODES_PER_PAYLOAD));
    }

    /** One node as a report carries it; empty and unknown fields are left out. */
    static ObjectNode encode(NodeInfo node) {
        ObjectNode n = Wire.json().createObjectNode();
        n.put("id", node.id());
        if (node.name() != null) {
            n.put("name", node.name());
        }
        n.put("impl", node.impl());
        n.put("maxDegree", node.maxDegree());
        n.put("depth", node.depth());
        if (!node.children().isEmpty()) {
            ObjectNode c = n.putObject("children");
            node.children().forEach((slot, id) -> c.put(Integer.toString(slot), id));
        }
        if (!node.candidates().isEmpty()) {
            ArrayNode c = n.putArray("candidates");
            node.candidates().forEach(c::add);
        }
        if (!node.storedPerSlot().isEmpty()) {
            ObjectNode s = n.putObject("stored");
            node.storedPerSlot().forEach((slot, count) -> s.put(Integer.toString(slot), count));
        }
        if (!Double.isNaN(node.rttMs())) {
            n.put("rtt", node.rttMs());
        }
        if (!node.reports()) {
            n.put("reports", false);
        }
        if (node.link() != null) {
            n.put("link", node.link());
        }
        return n;
    }

    // ---- what a node receives from a child ----------------------------------------------------

    /**
     * What applying one report did: the nodes it dropped as malformed, and why (null if none);
     * {@code overBound}, if not null, says which bound the report passed: its sender is to be
     * closed (what it held is then of no use).
     */
    record Applied(int dropped, String reason, String overBound) {
        Applied(int dropped, String reason) {
            this(dropped, reason, null);
        }
    }

    /** {@link #apply(Subtree, JsonNode, NodeBounds)} within the default bounds. */
    static Applied apply(Subtree subtree, JsonNode payload) throws WireException {
        return apply(subtree, payload, NodeBounds.DEFAULT);
    }

    /**
     * Applies a child's report to what this node holds of its subtree. A malformed payload
     * changes nothing and throws; a malformed node is dropped; a payload of over
     * {@value #MAX_NODES_PER_REPORT} nodes, a node naming over {@link NodeBounds#childrenPerNode()}
     * children, or a subtree growing past {@link NodeBounds#subtreeNodes()} nodes or child links
     * (so past as many nodes shown, the unknown ones included) stops there and says so.
     */
    static Applied apply(Subtree subtree, JsonNode payload, NodeBounds bounds) throws WireException {
        String top = id(payload.get("top"), "top");
        JsonNode nodes = payload.path("nodes");
        JsonNode removed = payload.path("removed");
        if (!nodes.isArray() && !nodes.isMissingNode()) {
            throw new WireException("report: nodes is not an array");
        }
        if (!removed.isArray() && !removed.isMissingNode()) {
            throw new WireException("report: removed is not an array");
        }
        int dropped = 0;
        String reason = null;
        List<NodeInfo> decoded = new ArrayList<>();
        int read = 0;
        if (nodes.size() > MAX_NODES_PER_REPORT || removed.size() > MAX_NODES_PER_REPORT) {
            return new Applied(0, null, "a report of over " + MAX_NODES_PER_REPORT + " nodes");
        }
        for (JsonNode n : nodes) {
            try {
                NodeInfo node = decode(n);
                if (node.children().size() > bounds.childrenPerNode()) {
                    return new Applied(dropped, reason, "a node naming over " + bounds.childrenPerNode() + " children");
                }
                decoded.add(node);
            } catch (WireException e) {
                dropped++;
                reason = e.getMessage();
            }
        }
        if (payload.path("full").asBoolean(false)) {
            subtree.clear();
        }
        subtree.top = top;
        for (JsonNode r : removed) {
            if (r.isTextual()) {
                subtree.remove(r.asText());
            }
        }
        for (NodeInfo node : decoded) {
            subtree.put(node);
            if (subtree.nodes.size() > bounds.subtreeNodes() || subtree.links() > bounds.subtreeNodes()) {
                return new Applied(dropped, reason, "a subtree of over " + bounds.subtreeNodes() + " nodes");
            }
        }
        return new Applied(dropped, reason);
    }

    /** One reported node, checked field by field. */
    static NodeInfo decode(JsonNode n) throws WireException {
        if (!n.isObject()) {
            throw new WireException("report: a node is not an object");
        }
        String id = id(n.get("id"), "id");
        String name = null;
        JsonNode nameNode = n.get("name");
        if (nameNode != null && nameNode.isTextual() && !nameNode.asText().isEmpty()) {
            name = NetText.clean(nameNode.asText(), MAX_NAME_LENGTH);
        }
        String impl = n.path("impl").isTextual() ? NetText.clean(n.path("impl").asText(), 16) : "unknown";
        int maxDegree = n.path("maxDegree").canConvertToInt() ? n.path("maxDegree").asInt() : -1;
        if (maxDegree < -1 || maxDegree > MAX_SLOTS) {
            throw new WireException("report: node " + id + " has maxDegree " + maxDegree);
        }
        int depth = n.path("depth").canConvertToInt() ? Math.max(-1, n.path("depth").asInt()) : -1;
        SortedMap<Integer, String> children = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("children").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            children.put(slot(e.getKey(), id), id(e.getValue(), "child"));
        }
        List<String> candidates = new ArrayList<>();
        for (JsonNode c : n.path("candidates")) {
            if (candidates.size() >= MAX_CANDIDATES) {
                break;
            }
            if (c.isTextual()) {
                candidates.add(NetText.clean(c.asText(), MAX_ID_LENGTH));
            }
        }
        SortedMap<Integer, Integer> stored = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("stored").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().canConvertToInt() && e.getValue().asInt() > 0) {
                stored.put(slot(e.getKey(), id), e.getValue().asInt());
            }
        }
        JsonNode rttNode = n.get("rtt");
        double rtt = rttNode != null && rttNode.isNumber() && rttNode.asDouble() >= 0 ? rttNode.asDouble() : Double.NaN;
        boolean reports = n.path("reports").asBoolean(true);
        String link = n.path("link").isTextual() && CandidatePair.isLink(n.path("link").asText()) ? n.path("link").asText() : null;
        return new NodeInfo(id, name, impl, maxDegree, depth, null, -1, children, candidates, stored, rtt, reports, link);
    }

    private static String id(JsonNode node, String what) throws WireException {
        if (node == null || !node.isTextual() || !isId(node.asText())) {
            throw new WireException("report: " + what + " is not an id of 1 to " + MAX_ID_LENGTH
                    + " printable characters");
        }
        return node.asText();
    }

    /** Whether {@code s} may be a node's id: 1 to {@value #MAX_ID_LENGTH} characters, none to escape. */
    static boolean isId(String s) {
        return !s.isEmpty() && s.length() <= MAX_ID_LENGTH && NetText.isClean(s) && !s.isBlank();
    }

    private static int slot(String key, String id) throws WireException {
        try {
            int slot = Integer.parseInt(key);
            if (slot >= 0 && slot < MAX_SLOTS) {
                return slot;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WireException("report: node " + id + " has a slot " + NetText.clean(key, 8));
    }
}
