package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tree} extension (docs/EXTENSIONS.md): what only the root knows, carried down to every
 * node, so that any node (a phone in a talk's audience) can say how large the tree is and by whom
 * it hangs from the root. The root sends its children the tree's size (its aggregated snapshot's)
 * and itself as the path's first hop when the size moved by a tenth or the root's name changed
 * (at most once a second), and a smaller change at most every {@link #MAX_INTERVAL_MS}; each node
 * keeps what its parent sent and passes it on to its own children with itself added to the path.
 * A node tells a new child at once. Like every extension it goes only to children known to speak
 * Genet, inside {@code DATA}. Attached to a node from outside ({@link #attach}): it listens to the
 * node's events and sends through {@link Node#sendExtension}; the join algorithm is unchanged.
 * Confined to the node's scheduler, as the node is; {@link #size()} and {@link #path()} may be read
 * from any thread.
 */
public final class TreeInfo {
    public static final String KIND = "tree";
    /** The root sends at most one change a second: a growing tree of 10,000 nodes does not flood its links. */
    public static final long MIN_INTERVAL_MS = 1_000;
    /**
     * A size that moved by less than a tenth of the one last sent waits up to this long: a tree
     * where nodes come and go one by one does not send every node a frame for each.
     */
    public static final long MAX_INTERVAL_MS = 10_000;
    /** The longest path carried: the root, then the nearest ancestors (those in between are counted in {@code skipped}). */
    public static final int MAX_PATH = 32;
    /** The largest size believed. */
    static final int MAX_SIZE = 100_000_000;

    private static final Logger log = LoggerFactory.getLogger(TreeInfo.class);

    /** One node of the path from the root: its id and its name (null if none). */
    public record Hop(String id, String name) {
        public String label() {
            return name != null ? name : id;
        }
    }

    /** What a node knows: the tree's size, the path from the root down to its parent, and how many hops were left out. */
    public record Known(int size, List<Hop> path, int skipped) {
        public Known {
            path = List.copyOf(path);
        }

        /** The depth these say the holder is at: one below the last hop. */
        public int depth() {
            return path.size() + skipped;
        }
    }

    private final Node node;
    private volatile Known known;
    /** What the root last sent, to send only changes. */
    private int sentSize = -1;
    private String sentLabel;
    private long lastSentAt = Long.MIN_VALUE / 2;
    private Scheduler.Cancellable pending;
    private long pendingAt;

    private TreeInfo(Node node) {
        this.node = node;
    }

    /** Makes {@code node} speak the {@code tree} extension; call on its scheduler, before it joins. */
    public static TreeInfo attach(Node node) {
        TreeInfo info = new TreeInfo(Objects.requireNonNull(node));
        node.onExtension(KIND, info::fromParent);
        node.addListener(info::onEvent);
        return info;
    }

    /** The tree's size as the root last said it (this node's own at the root), or -1 if unknown. */
    public int size() {
        Known k = known;
        return k == null ? -1 : k.size();
    }

    /** The path from the root down to this node's parent (empty at the root, or while unknown). */
    public List<Hop> path() {
        Known k = known;
        return k == null ? List.of() : k.path();
    }

    /** What this node knows, or null. */
    public Known known() {
        return known;
    }

    private void onEvent(NodeEvent event) {
        if (event instanceof NodeEvent.TopologyChange t && node.isRoot()) {
            rootChanged(t.topology());
        } else if (event instanceof NodeEvent.ChildConnect c && known != null) {
            node.sendExtension(c.channel(), payload(known)); // the new child learns at once
        } else if (event instanceof NodeEvent.ParentClose || event instanceof NodeEvent.ParentError
                || event instanceof NodeEvent.PositionChange p && !p.attached() && !node.isRoot()) {
            known = null; // cut off: what the root said no longer holds
        } else if (event instanceof NodeEvent.Close) {
            if (pending != null) {
                pending.cancel();
            }
        }
    }

    /**
     * At the root: its snapshot changed; the children hear the new size (and name) a second after
     * the last one if it moved by a tenth (or the name changed), else ten seconds after.
     */
    private void rootChanged(TreeSnapshot tree) {
        int size = Math.max(1, tree.size());
        known = new Known(size, List.of(), 0);
        if (size == sentSize && node.label().equals(sentLabel)) {
            return;
        }
        boolean large = sentSize < 0 || !node.label().equals(sentLabel) || Math.abs(size - sentSize) * 10L >= sentSize;
        long at = lastSentAt + (large ? MIN_INTERVAL_MS : MAX_INTERVAL_MS);
        if (pending != null) {
            if (pendingAt <= at) {
                return; // already due as soon
            }
            pending.cancel();
            pending = null;
        }
        long wait = at - node.scheduler().now();
        if (wait <= 0) {
            sendFromRoot();
        } else {
            pendingAt = at;
            pending = node.scheduler().schedule(wait, () -> {
                pending = null;
                sendFromRoot();
            });
        }
    }

    private void sendFromRoot() {
        if (node.isClosed() || !node.isRoot() || known == null) {
            return;
        }
        sentSize = known.size();
        sentLabel = node.label();
        lastSentAt = node.scheduler().now();
        toChildren(known);
    }

    /** What this node's children are told: what it knows, with itself added to the path. */
    private ObjectNode payload(Known k) {
        List<Hop> path = new ArrayList<>(k.path());
        path.add(new Hop(node.id(), node.name()));
        int skipped = k.skipped();
        while (path.size() > MAX_PATH) { // keep the root and the nearest ancestors
            path.remove(1);
            skipped++;
        }
        ObjectNode p = Extensions.payload(KIND);
        p.put("size", k.size());
        ArrayNode hops = p.putArray("path");
        for (Hop h : path) {
            ObjectNode o = hops.addObject();
            o.put("id", h.id());
            if (h.name() != null) {
                o.put("name", h.name());
            }
        }
        if (skipped > 0) {
            p.put("skipped", skipped);
        }
        return p;
    }

    private void toChildren(Known k) {
        ObjectNode p = payload(k);
        for (Channel child : node.children().values()) {
            node.sendExtension(child, p);
        }
    }

    /** From the parent: keep it, and pass it on. Anything malformed is dropped whole. */
    private void fromParent(Channel channel, JsonNode data) {
        if (!channel.isParent() || node.parent() != channel) {
            log.debug("node {}: a tree payload from a child, dropped", node.id());
            return;
        }
        Known k = read(data);
        if (k == null) {
            log.debug("node {}: a malformed tree payload from its parent, dropped", node.id());
            return;
        }
        known = k;
        toChildren(k);
    }

    /** A {@code tree} payload checked field by field, or null. */
    public static Known read(JsonNode data) {
        JsonNode size = data.path("size");
        JsonNode path = data.path("path");
        if (!size.canConvertToInt() || size.asInt() < 1 || size.asInt() > MAX_SIZE || !path.isArray()
                || path.size() < 1 || path.size() > MAX_PATH) {
            return null;
        }
        List<Hop> hops = new ArrayList<>();
        for (JsonNode h : path) {
            JsonNode id = h.path("id");
            if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > Reports.MAX_ID_LENGTH) {
                return null;
            }
            JsonNode name = h.path("name");
            String n = name.isTextual() ? name.asText().strip() : "";
            hops.add(new Hop(id.asText(), n.isEmpty() ? null : n.length() > Reports.MAX_NAME_LENGTH
                    ? n.substring(0, Reports.MAX_NAME_LENGTH) : n));
        }
        int skipped = data.path("skipped").canConvertToInt() ? Math.max(0, data.path("skipped").asInt()) : 0;
        return new Known(size.asInt(), hops, Math.min(skipped, MAX_SIZE));
    }
}
