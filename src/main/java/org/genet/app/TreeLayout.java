package org.genet.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.scene.paint.Color;
import org.genet.overlay.CandidatePair;
import org.genet.overlay.TreeSnapshot;

/**
 * Computed positions for the app's two views (no simulation: the same tree always gets the same
 * picture). The whole tree is layered: the top node on row 0, each depth one row lower, children
 * in slot order left to right, every leaf in a column of its own and every parent centred over
 * its children, so that no two nodes ever share a place. A node's candidates are drawn as dashed
 * leaves after its children.
 */
final class TreeLayout {
    private TreeLayout() {
    }

    static final Color JAVA = Color.web("#1c7ed6");
    static final Color APP = Color.web("#7048e8");
    static final Color BROWSER = Color.web("#2f9e44");
    static final Color ORIGINAL = Color.web("#868e96");
    static final Color UNKNOWN = Color.web("#ced4da");
    static final Color CANDIDATE = Color.web("#f59f00");
    /** The ring around this app's own node. */
    static final Color SELF_RING = Color.web("#e8590c");

    /** What a layout produced: the items and links to draw, and the nodes per depth (index 0 = top). */
    record Laid(List<TreeCanvas.Item> items, List<TreeCanvas.Link> links, List<Integer> perDepth, int nodes) {
    }

    static Color colour(String impl) {
        return switch (impl == null ? "unknown" : impl) {
            case "java" -> JAVA;
            case "app" -> APP;
            case "browser" -> BROWSER;
            case "original" -> ORIGINAL;
            default -> UNKNOWN;
        };
    }

    /** The id under which a candidate of {@code parent} is drawn. */
    static String candidateId(String parent, String candidate) {
        return "candidate:" + parent + ":" + candidate;
    }

    /** The whole tree, layered. {@code selfId} (may be null) gets the ring of "this node". */
    static Laid layered(TreeSnapshot tree, String selfId) {
        List<TreeCanvas.Item> items = new ArrayList<>();
        List<TreeCanvas.Link> links = new ArrayList<>();
        List<Integer> perDepth = new ArrayList<>();
        TreeSnapshot.NodeInfo top = tree.top();
        if (top == null) {
            return new Laid(items, links, perDepth, 0);
        }
        boolean topIsRoot = top.parentId() == null;
        Map<String, Double> x = new HashMap<>();
        Set<String> visited = new HashSet<>();
        double[] column = {0};
        // iterative post-order: a parent is placed after its children (deep chains need no deep stack)
        record Frame(String id, int row, boolean expanded) {
        }
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(top.id(), 0, false));
        Map<String, Integer> rowOf = new HashMap<>();
        while (!stack.isEmpty()) {
            Frame f = stack.pop();
            TreeSnapshot.NodeInfo info = tree.node(f.id());
            List<String> kids = kids(info, visited);
            if (!f.expanded()) {
                if (!visited.add(f.id())) {
                    continue; // a cycle in a broken report: draw each node once
                }
                rowOf.put(f.id(), f.row());
                while (perDepth.size() <= f.row()) {
                    perDepth.add(0);
                }
                perDepth.set(f.row(), perDepth.get(f.row()) + 1);
                kids = kids(info, Set.of());
                List<String> candidates = info == null ? List.of() : info.candidates();
                if (kids.isEmpty() && candidates.isEmpty()) {
                    x.put(f.id(), column[0]++);
                    continue;
                }
                stack.push(new Frame(f.id(), f.row(), true));
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.push(new Frame(kids.get(i), f.row() + 1, false));
                }
                continue;
            }
            // expanded: children are placed; candidates get the next columns
            List<String> candidates = info == null ? List.of() : info.candidates();
            double first = Double.NaN;
            double last = Double.NaN;
            for (String kid : kids(info, Set.of())) {
                Double kx = x.get(kid);
                if (kx != null && rowOf.get(kid) == f.row() + 1) {
                    first = Double.isNaN(first) ? kx : first;
                    last = kx;
                }
            }
            for (String c : candidates) {
                double cx = column[0]++;
                String cid = candidateId(f.id(), c);
                items.add(new TreeCanvas.Item(cid, cx, f.row() + 1, shortId(c), "candidate", null, CANDIDATE,
                        TreeCanvas.Shape.CANDIDATE, false, false));
                links.add(new TreeCanvas.Link(f.id(), cid, null, true));
                first = Double.isNaN(first) ? cx : first;
                last = cx;
            }
            x.put(f.id(), Double.isNaN(first) ? column[0]++ : (first + last) / 2);
        }
        for (String id : visited) {
            TreeSnapshot.NodeInfo info = tree.node(id);
            int row = rowOf.get(id);
            boolean isRoot = topIsRoot && id.equals(top.id());
            String label = info == null ? shortId(id) : info.label();
            String sub = info == null ? "unknown" : !info.reports() ? "does not report" : null;
            int stored = info == null ? 0 : info.storedPerSlot().values().stream().mapToInt(Integer::intValue).sum();
            Color fill = info == null ? UNKNOWN : colour(info.impl());
            items.add(new TreeCanvas.Item(id, x.get(id), row, label, sub, stored > 0 ? stored + " stored" : null, fill,
                    info == null ? TreeCanvas.Shape.EMPTY_SLOT : TreeCanvas.Shape.NODE, isRoot, id.equals(selfId)));
            if (info != null) {
                for (String kid : info.children().values()) {
                    if (visited.contains(kid) && rowOf.get(kid) == row + 1) {
                        TreeSnapshot.NodeInfo k = tree.node(kid);
                        String rtt = k == null || Double.isNaN(k.rttMs()) ? null : rtt(k.rttMs());
                        String link = k == null ? null : k.link();
                        links.add(new TreeCanvas.Link(id, kid, edgeLabel(rtt, link), false, CandidatePair.RELAY.equals(link), false));
                    }
                }
            }
        }
        // nodes first in breadth order so that parents are drawn under their children's labels
        items.sort((a, b) -> a.y() != b.y() ? Double.compare(a.y(), b.y()) : Double.compare(a.x(), b.x()));
        return new Laid(items, links, perDepth, visited.size());
    }

    private static List<String> kids(TreeSnapshot.NodeInfo info, Set<String> visited) {
        if (info == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(info.children().size());
        for (String id : info.children().values()) {
            if (!visited.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }

    /**
     * The neighbourhood of this node: its parent above, itself, its children below in slot order
     * (and the slots that only hold stored requests, as empty dashed places), its candidates
     * beside it on the right. {@code known} gives what the tree's reports say of a child (or null).
     */
    static Laid neighbourhood(Topology t, String selfLabel, String selfSub, Function<String, TreeSnapshot.NodeInfo> known) {
        List<TreeCanvas.Item> items = new ArrayList<>();
        List<TreeCanvas.Link> links = new ArrayList<>();
        java.util.TreeSet<Integer> slots = new java.util.TreeSet<>(t.stored().keySet());
        Map<Integer, Topology.Child> bySlot = new HashMap<>();
        for (Topology.Child c : t.children()) {
            slots.add(c.slot());
            bySlot.put(c.slot(), c);
        }
        double half = (slots.size() - 1) / 2.0;
        items.add(new TreeCanvas.Item(TreeGraphView.SELF, 0, 1, selfLabel, selfSub, null,
                APP, TreeCanvas.Shape.NODE, true, true));
        if (t.hasParent()) {
            String parent = t.parentLabel();
            items.add(new TreeCanvas.Item(TreeGraphView.PARENT, 0, 0, parent == null ? "parent" : parent,
                    "parent", null, colour(t.parentImpl()), TreeCanvas.Shape.NODE, false, false));
            links.add(new TreeCanvas.Link(TreeGraphView.PARENT, TreeGraphView.SELF, edgeLabel(rtt(t.parentRttMs()), t.parentLink()),
                    false, CandidatePair.RELAY.equals(t.parentLink()), false));
        }
        int i = 0;
        for (int slot : slots) {
            Topology.Child c = bySlot.get(slot);
            Integer stored = t.stored().get(slot);
            String sub = "slot " + slot + (stored != null ? " · " + stored + " stored" : "");
            String id = "child-" + slot;
            if (c != null) {
                TreeSnapshot.NodeInfo info = known.apply(c.id());
                items.add(new TreeCanvas.Item(id, i - half, 2, info != null ? info.label() : shortId(c.id()), sub, null,
                        info != null ? colour(info.impl()) : UNKNOWN, TreeCanvas.Shape.NODE, false, false));
                links.add(new TreeCanvas.Link(TreeGraphView.SELF, id, edgeLabel(rtt(c.rttMs()), c.link()), false,
                        CandidatePair.RELAY.equals(c.link()), false));
            } else { // requests wait for a slot that has no child yet
                items.add(new TreeCanvas.Item(id, i - half, 2, "no child yet", sub, null, CANDIDATE,
                        TreeCanvas.Shape.EMPTY_SLOT, false, false));
                links.add(new TreeCanvas.Link(TreeGraphView.SELF, id, null, true));
            }
            i++;
        }
        long now = System.currentTimeMillis();
        double right = Math.max(half, 0) + 1;
        int j = 0;
        for (Topology.Pending p : t.candidates()) {
            long left = Math.max(0, (p.expiresAtWallMs() - now + 999) / 1000);
            String id = "candidate-" + p.origin();
            items.add(new TreeCanvas.Item(id, right + j++, 1, shortId(p.origin()), "candidate · " + left + " s", null,
                    CANDIDATE, TreeCanvas.Shape.CANDIDATE, false, false));
            links.add(new TreeCanvas.Link(TreeGraphView.SELF, id, null, true));
        }
        return new Laid(items, links, List.of(), items.size());
    }

    /**
     * An edge's label: the round-trip time, and how the link got through when it is not direct
     * ("12.0 ms · relay", "nat"); null if neither is known.
     */
    static String edgeLabel(String rtt, String link) {
        if (link == null || CandidatePair.DIRECT.equals(link)) {
            return rtt;
        }
        return rtt == null ? link : rtt + " · " + link;
    }

    /** How a link got through, in words for a person. */
    static String linkText(String link) {
        if (link == null) {
            return "unknown";
        }
        return switch (link) {
            case CandidatePair.DIRECT -> "direct";
            case CandidatePair.NAT -> "through NATs (STUN)";
            case CandidatePair.RELAY -> "relayed through TURN";
            default -> link;
        };
    }

    static String rtt(Double ms) {
        return ms == null || ms.isNaN() ? null : String.format("%.1f ms", ms);
    }

    /** Ids are long random strings: six characters tell nodes apart on screen. */
    static String shortId(String id) {
        return id == null ? "" : id.length() <= 8 ? id : id.substring(0, 6);
    }
}
