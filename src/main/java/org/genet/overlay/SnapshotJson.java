package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import org.genet.overlay.TreeSnapshot.NodeInfo;

/**
 * A tree's nodes as JSON, as topology reports write them (docs/EXTENSIONS.md, {@code report}), for
 * recordings; and a snapshot rebuilt from such nodes (parent, slot and depth follow from the
 * children, as at the receiver of a report).
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static ObjectNode encode(NodeInfo node) {
        return Reports.encode(node);
    }

    public static NodeInfo decode(JsonNode node) throws WireException {
        return Reports.decode(node);
    }

    /**
     * The tree below {@code topId} among {@code nodes} (keyed by id, children naming ids), with
     * parents, slots and depths worked out from the top. Nodes no one links to are left out; a
     * child named but absent is an "unknown" node, and there are at most as many of those as
     * nodes given (a recording's tree names every node it holds: children named and never given
     * are a damaged or hostile file, whose 1,024 children per node must not become millions of
     * nodes); children past that are left out.
     */
    public static TreeSnapshot snapshot(String topId, Map<String, NodeInfo> nodes) {
        Map<String, NodeInfo> out = new LinkedHashMap<>();
        if (topId == null || !nodes.containsKey(topId)) {
            return new TreeSnapshot(topId, out);
        }
        record Item(String id, String parent, int slot, int depth) {
        }
        int unknownLeft = nodes.size();
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(topId, null, -1, 0));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            if (out.containsKey(item.id())) {
                continue; // a cycle, or a node linked twice
            }
            NodeInfo n = nodes.get(item.id());
            if (n == null) {
                n = Reports.unknown(item.id());
            }
            SortedMap<Integer, String> children = n.children();
            if (!children.isEmpty()) {
                SortedMap<Integer, String> kept = new java.util.TreeMap<>();
                for (Map.Entry<Integer, String> c : children.entrySet()) {
                    if (nodes.containsKey(c.getValue()) || unknownLeft-- > 0) {
                        kept.put(c.getKey(), c.getValue());
                    }
                }
                children = kept;
            }
            out.put(item.id(), new NodeInfo(item.id(), n.name(), n.impl(), n.maxDegree(), item.depth(), item.parent(),
                    item.slot(), children, n.candidates(), n.storedPerSlot(), n.rttMs(), n.reports(), n.link()));
            var entries = new java.util.ArrayList<>(children.entrySet());
            for (int i = entries.size() - 1; i >= 0; i--) {
                stack.push(new Item(entries.get(i).getValue(), item.id(), entries.get(i).getKey(), item.depth() + 1));
            }
        }
        return new TreeSnapshot(topId, out);
    }
}
