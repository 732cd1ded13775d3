package org.genet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import org.genet.overlay.TreeSnapshot;

/**
 * Compares an aggregated {@link TreeSnapshot} with the ground truth of a tree, walked from its top:
 * every real node at its real parent and slot and depth, and nothing else. Keys of the snapshot
 * may carry a {@code ~k} suffix where two nodes share an id; the walk compares by position.
 */
public final class TopologyTruth<N> {
    private final Function<N, String> id;
    private final Function<N, SortedMap<Integer, N>> children;
    private final Function<N, String> impl;

    /** {@code impl} may be null: implementations are then not compared. */
    public TopologyTruth(Function<N, String> id, Function<N, SortedMap<Integer, N>> children, Function<N, String> impl) {
        this.id = id;
        this.children = children;
        this.impl = impl;
    }

    /** The differences between the snapshot and the real tree below {@code top}; empty if none. */
    public List<String> differences(TreeSnapshot snapshot, N top, int topDepth) {
        List<String> diffs = new ArrayList<>();
        if (!id.apply(top).equals(snapshot.topId())) {
            diffs.add("top is " + snapshot.topId() + ", not " + id.apply(top));
            return diffs;
        }
        int[] count = {0};
        walk(snapshot, top, snapshot.topId(), null, -1, topDepth, diffs, count);
        if (count[0] != snapshot.size()) {
            diffs.add("the snapshot holds " + snapshot.size() + " nodes, the tree " + count[0]);
        }
        return diffs;
    }

    private void walk(TreeSnapshot snapshot, N real, String key, String parentKey, int slot, int depth, List<String> diffs,
                      int[] count) {
        count[0]++;
        TreeSnapshot.NodeInfo info = snapshot.node(key);
        if (info == null) {
            diffs.add("no node " + key);
            return;
        }
        String where = key + " (real " + id.apply(real) + ")";
        if (!stripped(key).equals(id.apply(real))) {
            diffs.add(where + ": wrong node");
        }
        if (!java.util.Objects.equals(info.parentId(), parentKey) || info.slot() != slot || info.depth() != depth) {
            diffs.add(where + ": parent " + info.parentId() + " slot " + info.slot() + " depth " + info.depth()
                    + ", real " + parentKey + " slot " + slot + " depth " + depth);
        }
        if (impl != null && !impl.apply(real).equals(info.impl())) {
            diffs.add(where + ": impl " + info.impl() + ", real " + impl.apply(real));
        }
        SortedMap<Integer, N> realChildren = children.apply(real);
        if (!realChildren.keySet().equals(info.children().keySet())) {
            diffs.add(where + ": children in slots " + info.children().keySet() + ", real " + realChildren.keySet());
        }
        for (Map.Entry<Integer, N> e : realChildren.entrySet()) {
            String childKey = info.children().get(e.getKey());
            if (childKey != null) {
                walk(snapshot, e.getValue(), childKey, key, e.getKey(), depth + 1, diffs, count);
            }
        }
    }

    private static String stripped(String key) {
        int tilde = key.indexOf('~');
        return tilde < 0 ? key : key.substring(0, tilde);
    }
}
