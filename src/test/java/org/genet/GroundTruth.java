package org.genet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.genet.overlay.NodeEvent;

/**
 * The ground truth of a tree, told by a test application on every node: a joiner tells its parent
 * its index when it connects, and the parent notes the slot it came on (and forgets it when that
 * child closes). What {@link TopologyTruth} compares a node's aggregated tree with, in the
 * simulator and over real WebRTC alike.
 *
 * @param <N> the node type: a simulated {@code Node} or a real {@code GenetNode}
 */
public final class GroundTruth<N> {
    private final List<N> nodes = new CopyOnWriteArrayList<>();
    private final Map<N, SortedMap<Integer, N>> children = new ConcurrentHashMap<>();
    /** Every application frame a node received: only the test application's, never an extension's. */
    public final List<JsonNode> applicationData = new CopyOnWriteArrayList<>();

    /** Takes {@code node} in as the next index; its listener, to add to the node before it joins. */
    public Consumer<NodeEvent> watch(N node) {
        int index = nodes.size();
        nodes.add(node);
        children.put(node, new ConcurrentSkipListMap<>());
        return event -> {
            if (event instanceof NodeEvent.ParentConnect p) {
                p.channel().send(Map.of("index", index));
            } else if (event instanceof NodeEvent.Data d) {
                applicationData.add(d.data());
                if (!d.isParent()) {
                    children.get(node).put(d.channel().slot(), nodes.get(d.data().path("index").asInt()));
                }
            } else if (event instanceof NodeEvent.ChildClose c) {
                children.get(node).remove(c.channel().slot());
            }
        };
    }

    /** The children of {@code node} by slot, as they told it. */
    public SortedMap<Integer, N> childrenOf(N node) {
        return children.get(node);
    }

    /** How many children told their parent, in the whole tree. */
    public int childrenTold() {
        return children.values().stream().mapToInt(Map::size).sum();
    }
}
