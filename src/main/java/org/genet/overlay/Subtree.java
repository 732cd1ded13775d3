package org.genet.overlay;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genet.overlay.TreeSnapshot.NodeInfo;

/**
 * A child's subtree as the child reported it: its top's id and its nodes by id (their parent,
 * slot and depth are worked out again by whoever aggregates them). Bounded by the receiver.
 */
final class Subtree {
    String top;
    final Map<String, NodeInfo> nodes = new LinkedHashMap<>();

    static Subtree single(NodeInfo node) {
        Subtree subtree = new Subtree();
        subtree.top = node.id();
        subtree.nodes.put(node.id(), node);
        return subtree;
    }
}
