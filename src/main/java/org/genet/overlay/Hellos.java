package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code hello} extension (docs/EXTENSIONS.md): who a {@link Node} is, for its neighbours'
 * views of it (id, name, implementation, maxDegree, depth), and what they say of themselves. Part
 * of the node, on its scheduler's thread, with no I/O of its own.
 *
 * <p>Invariants it keeps:
 * <ul>
 *   <li>A child known to speak Genet (from its channel label) gets our hello when it connects; a
 *       parent is known to speak Genet only from its own hello, answered once with ours: a joiner
 *       sends nothing of Genet's before.</li>
 *   <li>Whenever this node's depth changes, its children that speak Genet hear it in a new hello
 *       (rule 4 of {@link Repair}), and whenever its name, implementation or maxDegree change,
 *       every Genet neighbour does.</li>
 *   <li>What a neighbour says of itself is kept only as it may be shown: its id only if it is one,
 *       its name and implementation cleaned and cut, its depth within {@link NodeBounds#maxDepth()}.</li>
 *   <li>A neighbour is never named as this node: a child whose hello says so is cut off, a parent
 *       that says so keeps no id.</li>
 * </ul>
 */
final class Hellos {
    private final Node node;

    Hellos(Node node) {
        this.node = node;
    }

    /** Our hello: who we are, for the neighbour's view of us. */
    ObjectNode hello() {
        ObjectNode hello = Extensions.payload(Extensions.HELLO);
        hello.put("id", node.id());
        if (node.name() != null) {
            hello.put("name", node.name());
        }
        hello.put("impl", node.impl());
        hello.put("maxDegree", node.maxDegree());
        hello.put("depth", node.depth());
        hello.put("keepalive", node.keepaliveBound());
        return hello;
    }

    /** A new child known to speak Genet: our hello first. */
    void greet(Channel child) {
        child.transmit(Wire.dataFrame(hello()));
    }

    /** The parent's hello, which is what tells us it speaks Genet: answered with ours the first time. */
    void fromParent(Channel channel, JsonNode data) {
        boolean first = !channel.genet;
        int depthBefore = node.depth();
        channel.genet = true;
        readHello(channel, data);
        if (node.id().equals(channel.nodeId)) {
            channel.nodeId = null; // a parent that says it is this node is not named so
        }
        if (first) {
            channel.transmit(Wire.dataFrame(hello()));
            node.topologyReports.resendAll();
            node.pings.ping(channel);
        }
        if (first) {
            node.liveness.armKeepalive();
        }
        depthChanged(depthBefore);
        node.emit(new NodeEvent.Hello(channel));
    }

    /** A child's hello. */
    void fromChild(Channel channel, JsonNode data) {
        readHello(channel, data);
        if (node.id().equals(channel.nodeId)) {
            channel.nodeId = null; // not named as this node, even in the line that closes it
            node.cutOff(channel, "its hello says it is this node (" + node.id() + ")");
            return;
        }
        node.topologyReports.markDirty();
        node.emit(new NodeEvent.Hello(channel));
    }

    /**
     * What a neighbour says of itself, as it may be shown: its id only if it is one (printable, 1
     * to 24 characters), its name and implementation cleaned and cut, its depth at most
     * {@link NodeBounds#maxDepth()}.
     */
    private void readHello(Channel channel, JsonNode hello) {
        JsonNode id = hello.path("id");
        if (id.isTextual() && Reports.isId(id.asText())) {
            channel.nodeId = id.asText();
        }
        JsonNode name = hello.path("name");
        String n = name.isTextual() ? name.asText().strip() : "";
        channel.name = n.isEmpty() ? null : NetText.clean(n, Reports.MAX_NAME_LENGTH);
        JsonNode impl = hello.path("impl");
        channel.impl = impl.isTextual() ? NetText.clean(impl.asText(), 16) : null;
        channel.maxDegree = hello.path("maxDegree").canConvertToInt() ? hello.path("maxDegree").asInt() : -1;
        channel.depth = hello.path("depth").canConvertToInt()
                ? Math.min(node.bounds().maxDepth(), Math.max(-1, hello.path("depth").asInt())) : -1;
        long bound = Liveness.announcedBound(hello.path("keepalive"));
        if (bound != channel.keepaliveBoundMs) {
            channel.keepaliveBoundMs = bound;
            node.liveness.neighbourBoundChanged();
        }
    }

    /** Tells the neighbours that speak Genet what changed in our hello (name, impl, maxDegree). */
    void helloNeighbours() {
        Channel parent = node.parent();
        if (parent != null) {
            node.sendExtension(parent, hello());
        }
        for (Channel child : node.children().values()) {
            node.sendExtension(child, hello());
        }
    }

    /** If this node's depth changed, its children that speak Genet hear it in a new hello. */
    void depthChanged(int before) {
        if (node.depth() == before) {
            return;
        }
        for (Channel child : node.children().values()) {
            node.sendExtension(child, hello());
        }
        node.emit(new NodeEvent.PositionChange(node.depth(), node.isAttached()));
    }
}
