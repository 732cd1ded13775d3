package org.genet.overlay;

/**
 * An open connection to a neighbour in the tree: the parent, or a child in its slot. Mirrors the
 * original's Channel ({@code send}, {@code destroy}, {@code isParent}, {@code id}).
 */
public final class Channel {
    private final Node node;
    final PeerLink link;
    private final String id;
    private final int slot;
    private long lastHeard;
    private long lastSent;

    /** Whether the neighbour takes extension messages: from its channel label (a child) or its hello (a parent). */
    boolean genet;
    /** What the neighbour said of itself in its hello; null/-1 until then. */
    String nodeId;
    String name;
    String impl;
    int maxDegree = -1;
    int depth = -1;
    /**
     * The keepalive bound the neighbour announced in its hello: it is sent keepalives at the rate
     * that bound needs. {@link Liveness#UNANNOUNCED_BOUND_MS} until then, and for a neighbour that
     * announces none (an older build, the browser page before it said so).
     */
    long keepaliveBoundMs = Liveness.UNANNOUNCED_BOUND_MS;
    /** A child's reported subtree; null until its first report. */
    Subtree reported;
    /** What this neighbour sent against its rate bound: a child's report bytes, a parent's join requests. */
    final NodeBounds.Rate rate = new NodeBounds.Rate();
    /** How the connection got through, once the adapter said; null until then. */
    CandidatePair candidatePair;

    Channel(Node node, PeerLink link, String id, int slot) {
        this.node = node;
        this.link = link;
        this.id = id;
        this.slot = slot;
    }

    /** For a child, its origin (the signaling id it joined with); null for the parent, as in the original. */
    public String id() {
        return id;
    }

    /** Whether this neighbour is known to speak Genet: only such a neighbour is sent extension messages. */
    public boolean speaksGenet() {
        return genet;
    }

    /** The neighbour's own node id, from its hello; null until then (and for an original node). */
    public String nodeId() {
        return nodeId;
    }

    /** The neighbour's name, from its hello; null if it has none or said no hello. */
    public String name() {
        return name;
    }

    /** The neighbour's implementation from its hello ("java", "app", "browser"), or null. */
    public String impl() {
        return impl;
    }

    /**
     * How every place names this neighbour: its name, else its own node id, else (before a hello,
     * or for an original node) the first six characters of its origin; "parent" for a silent parent.
     */
    public String label() {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        if (nodeId != null) {
            return nodeId;
        }
        return id == null ? "parent" : EventText.short6(id);
    }

    /** How the connection to this neighbour got through (direct, through a NAT, relayed), or null if not known yet. */
    public CandidatePair candidatePair() {
        return candidatePair;
    }

    public boolean isParent() {
        return slot < 0;
    }

    /** The child's slot, or -1 for the parent. */
    public int slot() {
        return slot;
    }

    /** Sends application data, as {@code {"type":"DATA","data":data}}; {@code data} becomes JSON. */
    public void send(Object data) {
        transmit(Wire.dataFrame(data));
    }

    /** Sends one frame to the neighbour and notes when, so that a keepalive need not follow it. */
    void transmit(String frame) {
        assert node.inLoop();
        lastSent = node.scheduler().now();
        link.send(frame);
    }

    /**
     * Bytes sent to this neighbour that have not left yet: what {@link #send} queued and the
     * connection still buffers. An application that sends a lot waits while it grows (a data
     * channel fails beyond 16 MB). Call it on the node's loop.
     */
    public long bufferedAmount() {
        assert node.inLoop();
        return link.bufferedAmount();
    }

    /** Closes this connection; the node reports it closed. */
    public void destroy() {
        node.destroy(this);
    }

    void heard(long now) {
        lastHeard = now;
    }

    /** When this neighbour last sent anything, on the node's clock. */
    long lastHeard() {
        return lastHeard;
    }

    /** When this node last sent the neighbour anything, on the node's clock. */
    long lastSent() {
        return lastSent;
    }

    void forward(JoinRequest request) {
        lastSent = node.scheduler().now();
        link.forward(request);
    }

    @Override
    public String toString() {
        return isParent() ? "parent(" + label() + ")" : "child[" + slot + "](" + label() + ")";
    }
}
