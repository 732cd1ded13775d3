package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One connection to a neighbour, being set up or open: a WebRTC data channel with its signaling
 * session, or its simulated twin. Calls back its {@link Listener} on the node's scheduler, never
 * from inside a call to the link itself.
 */
public interface PeerLink {

    /** Applies a signal (offer, answer or ICE candidate) from the other side. */
    void signal(JsonNode signal);

    /** Sends one text frame over the open channel. */
    void send(String text);

    /**
     * Passes a join request on to the child: its frame, unchanged. A link that carries objects
     * rather than bytes (the simulator's) may hand over the request itself.
     */
    default void forward(JoinRequest request) {
        send(request.wire());
    }

    /** Closes the link; closing twice does nothing. After this the listener hears nothing more from it. */
    void close();

    /**
     * On the answering side, once open: the joiner labelled its data channel as a Genet node does
     * ({@link Extensions#CHANNEL_LABEL_PREFIX}), so it takes extension messages. Always false on
     * the joining side, which learns its parent speaks Genet only from the parent's hello.
     */
    default boolean remoteSpeaksGenet() {
        return false;
    }

    /** Bytes sent on this link that have not left yet (0 where the link does not buffer). */
    default long bufferedAmount() {
        return 0;
    }

    interface Listener {
        /** The data channel is open. */
        void onOpen();

        void onMessage(String text);

        /** A join request handed over as an object ({@link PeerLink#forward}); the same as its frame. */
        default void onJoinRequest(JoinRequest request) {
            onMessage(request.wire());
        }

        /** The other side closed, or the connection was lost. Terminal. */
        void onClose();

        /** The connection failed. Terminal: no {@link #onClose()} follows. */
        void onError(String reason);

        /** How the open connection got through (direct, through a NAT, relayed), when the adapter knows. */
        default void onCandidatePair(CandidatePair pair) {
        }

        /**
         * The open link no longer hears the other side, by the transport's own checks (WebRTC's ICE
         * consent freshness): the other side is frozen or the network between is gone. Not terminal:
         * {@link #onResumed()} may follow.
         */
        default void onStalled() {
        }

        /** A stalled link hears the other side again. */
        default void onResumed() {
        }
    }
}
