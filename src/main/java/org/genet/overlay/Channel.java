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
    private boolean takesExtensions;
    private long lastHeard;

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

    public boolean isParent() {
        return slot < 0;
    }

    /** The child's slot, or -1 for the parent. */
    public int slot() {
        return slot;
    }

    /** Sends application data, as {@code {"type":"DATA","data":data}}; {@code data} becomes JSON. */
    public void send(Object data) {
        link.send(Wire.dataFrame(data));
    }

    /** Closes this connection; the node reports it closed. */
    public void destroy() {
        node.destroy(this);
    }

    /** Whether this neighbour speaks Genet and takes extension messages (keepalives, ...). */
    public boolean takesExtensions() {
        return takesExtensions;
    }

    void markTakesExtensions() {
        takesExtensions = true;
    }

    void heard(long now) {
        lastHeard = now;
    }

    /** When this neighbour last sent anything, on the node's clock. */
    long lastHeard() {
        return lastHeard;
    }

    /** Sends an extension frame; only to a neighbour that {@link #takesExtensions() takes them}. */
    void sendExtension(String frame) {
        if (takesExtensions) {
            link.send(frame);
        }
    }

    void forward(JoinRequest request) {
        link.send(request.wire());
    }

    @Override
    public String toString() {
        return isParent() ? "parent" : "child[" + slot + "](" + id + ")";
    }
}
