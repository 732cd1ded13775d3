package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tree a {@link Node} knows ({@link Node#topology()}): itself and the subtrees its children
 * reported, and the {@code report} extension (docs/EXTENSIONS.md) that carries it from child to
 * parent, so that the root knows the whole tree. What a report says is read and written by
 * {@link Reports}; this class decides when. Part of the node, on its scheduler's thread, with no
 * I/O of its own.
 *
 * <p>Invariants it keeps:
 * <ul>
 *   <li>Changes gather for the report delay: the tree is rebuilt, and one report goes to the
 *       parent, at most once per delay.</li>
 *   <li>Reports go only to a parent that said its hello, and only what changed since the last
 *       one; a new parent (or a hello again) gets a full report.</li>
 *   <li>A child's report is believed only within the bounds ({@link NodeBounds}): its top must be
 *       the child itself, its bytes count against the child's extension rate, and a report over a
 *       bound closes the child.</li>
 *   <li>A child that has not reported (an original node, or one of ours before its first report)
 *       shows as itself alone; a child that leaves takes its reported subtree with it.</li>
 *   <li>{@link #topology()} is an immutable snapshot, safe to read from any thread.</li>
 * </ul>
 */
final class TopologyReports {
    private static final Logger log = LoggerFactory.getLogger(TopologyReports.class);

    private final Node node;
    private long reportDelayMs = Node.DEFAULT_REPORT_DELAY_MS;
    private boolean tracksTopology = true;
    private Scheduler.Cancellable reportTimer;
    private volatile TreeSnapshot topology;
    /** What the parent holds of our subtree; null until the next report, which is then a full one. */
    private Map<String, NodeInfo> sentToParent;
    private int reportSeq;
    private long reportBytesSent;
    private long reportBytesReceived;

    TopologyReports(Node node) {
        this.node = node;
    }

    /** The node is made: its tree is itself. */
    void start() {
        topology = buildTopology();
    }

    TreeSnapshot topology() {
        return topology;
    }

    long reportBytesSent() {
        return reportBytesSent;
    }

    long reportBytesReceived() {
        return reportBytesReceived;
    }

    /** See {@link Node#setExtensions(boolean)}: a node that speaks extensions tracks its tree. */
    void extensionsChanged(boolean extensions) {
        tracksTopology |= extensions;
        markDirty();
    }

    /** See {@link Node#setTracksTopology(boolean)}. */
    void setTracksTopology(boolean tracks) {
        if (!tracks && node.extensions.enabled()) {
            throw new IllegalStateException("a node that speaks extensions reports its tree, so it keeps it");
        }
        this.tracksTopology = tracks;
        if (!tracks) {
            stop();
        }
        markDirty();
    }

    void setReportDelayMs(long reportDelayMs) {
        if (reportDelayMs < 0) {
            throw new IllegalArgumentException("reportDelayMs must not be negative");
        }
        this.reportDelayMs = reportDelayMs;
    }

    void stop() {
        if (reportTimer != null) {
            reportTimer.cancel();
            reportTimer = null;
        }
    }

    /** The parent is gone: the next one gets a full report. */
    void parentGone() {
        sentToParent = null;
    }

    /** The parent said its first hello: it gets a full report. */
    void resendAll() {
        sentToParent = null;
    }

    /** A child's report: applied to the subtree it reported, within the bounds. */
    void fromChild(Channel channel, JsonNode data, int bytes) {
        reportBytesReceived += bytes;
        if (!node.extensions.withinExtensionBytes(channel, bytes)) {
            return;
        }
        String top = data.path("top").asText("");
        if (channel.nodeId != null && !channel.nodeId.equals(top)) {
            node.cutOff(channel, "a report whose top is not the child itself");
            return;
        }
        if (channel.reported == null) {
            channel.reported = new Subtree();
        }
        try {
            Reports.Applied applied = Reports.apply(channel.reported, data, node.bounds());
            if (applied.overBound() != null) {
                node.cutOff(channel, applied.overBound());
                return;
            }
            if (applied.dropped() > 0) {
                log.debug("node {}: dropped {} nodes of a report from {}: {}", node.id(), applied.dropped(), channel,
                        NetText.clean(applied.reason()));
            }
            markDirty();
        } catch (WireException e) {
            node.dropMessage(channel, e.getMessage());
        }
    }

    /** Something the tree shows changed: rebuild it and report, once the report delay has passed. */
    void markDirty() {
        if (node.isClosed() || reportTimer != null || !tracksTopology) {
            return;
        }
        reportTimer = node.scheduler().schedule(reportDelayMs, this::rebuildAndReport);
    }

    private void rebuildAndReport() {
        reportTimer = null;
        if (node.isClosed()) {
            return;
        }
        TreeSnapshot now = buildTopology();
        if (!now.equals(topology)) {
            topology = now;
            node.emit(new NodeEvent.TopologyChange(now));
        }
        Channel parent = node.parent();
        if (parent != null && parent.genet && node.extensions.enabled()) {
            for (ObjectNode payload : Reports.payloads(sentToParent, now, reportSeq)) {
                String frame = Wire.dataFrame(payload);
                reportSeq++;
                reportBytesSent += frame.length();
                parent.transmit(frame);
            }
            sentToParent = now.nodes();
        }
    }

    private TreeSnapshot buildTopology() {
        String id = node.id();
        boolean extensions = node.extensions.enabled();
        double parentRttMs = node.parentRttMs();
        if (node.childrenNb() == 0 && node.candidatesNb() == 0 && node.storedCount() == 0) { // a leaf: only itself
            return new TreeSnapshot(id, Map.of(id, new NodeInfo(id, node.name(), node.impl(), node.maxDegree(),
                    Math.max(0, node.depth()), null, -1, Collections.emptySortedMap(), List.of(),
                    Collections.emptySortedMap(), parentRttMs, extensions, parentLink())));
        }
        List<String> pending = node.candidateOrigins().stream().map(EventText::short6).toList();
        NodeInfo self = new NodeInfo(id, node.name(), node.impl(), node.maxDegree(), -1, null, -1,
                Collections.emptySortedMap(), pending, node.storedRequests(), parentRttMs, extensions, parentLink());
        SortedMap<Integer, Subtree> below = new TreeMap<>();
        for (Channel child : node.children().values()) {
            below.put(child.slot(), child.genet && child.reported != null && child.reported.top != null
                    ? child.reported : Subtree.single(placeholder(child)));
        }
        return Reports.aggregate(self, Math.max(0, node.depth()), below);
    }

    /** A child that has not reported: an original node, or one of ours before its first report. */
    private static NodeInfo placeholder(Channel child) {
        String nodeId = child.nodeId != null ? child.nodeId : EventText.short6(child.id());
        String impl = !child.genet ? "original" : child.impl != null ? child.impl : "unknown";
        return new NodeInfo(nodeId, child.name, impl, child.maxDegree, -1, null, -1, Collections.emptySortedMap(),
                List.of(), Collections.emptySortedMap(), Double.NaN, false,
                child.candidatePair == null ? null : child.candidatePair.link());
    }

    /** How this node's connection to its parent got through, as reports carry it; null if unknown or none. */
    private String parentLink() {
        Channel parent = node.parent();
        return parent == null || parent.candidatePair == null ? null : parent.candidatePair.link();
    }
}
