package org.genet.overlay;

/** A joiner this node is answering: it holds a place among the children until it connects or expires. */
public final class Candidate {
    private final String origin;
    private final long createdAt;
    private final long expiresAt;
    PeerLink link;
    Scheduler.Cancellable expiry;
    /** Signals of this joiner applied so far. */
    int signals;

    Candidate(String origin, long createdAt, long expiresAt) {
        this.origin = origin;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String origin() {
        return origin;
    }

    public long createdAt() {
        return createdAt;
    }

    /** When this node gives up on the candidate, on the node's clock. */
    public long expiresAt() {
        return expiresAt;
    }
}
