package org.genet.overlay;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genet.overlay.TreeSnapshot.NodeInfo;

/**
 * A child's subtree as the child reported it: its top's id and its nodes by id (their parent,
 * slot and depth are worked out again by whoever aggregates them). Bounded by the receiver, which
 * counts the child links too: every node shown for the subtree but its top is the end of one link,
 * so the links bound the "unknown" nodes (named as children, never reported) as well.
 */
final class Subtree {
    String top;
    final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    /** How many children the nodes held name in all: a tree of n nodes names n - 1. */
    private int links;

    static Subtree single(NodeInfo node) {
        Subtree subtree = new Subtree();
        subtree.top = node.id();
        subtree.put(node);
        return subtree;
    }

    void put(NodeInfo node) {
        NodeInfo old = nodes.put(node.id(), node);
        links += node.children().size() - (old == null ? 0 : old.children().size());
    }

    void remove(String id) {
        NodeInfo old = nodes.remove(id);
        if (old != null) {
            links -= old.children().size();
        }
    }

    void clear() {
        nodes.clear();
        links = 0;
    }

    int links() {
        return links;
    }
}
