package org.genet.overlay;

/**
 * The world a node reaches: the bootstrap server and its peers (PROTOCOL.md sections 1 and 2).
 * The real network and the simulator implement it; the overlay knows nothing else of them.
 */
public interface Network {

    /** Opens the root socket {@code /<secret>/webrtc-bootstrap-root}. */
    RootSocket openRoot(String secret, RootSocket.Listener listener);

    /**
     * Starts joining: a new signaling session and an initiator link whose first signals go to the
     * root (destination null) until the answerer's first message names it.
     */
    PeerLink join(PeerLink.Listener listener);

    /** Answers the joiner {@code origin}: a new signaling session and a non-initiator link. */
    PeerLink answer(String origin, PeerLink.Listener listener);
}
