package org.genet.overlay;

/** The root's socket to the bootstrap server: every join request enters the tree through it. */
public interface RootSocket {

    void close();

    interface Listener {
        void onOpen();

        /** One text frame from the server: a signal message, or the heartbeat. */
        void onMessage(String text);

        /** A signal message handed over as an object (by the simulator's server); the same as its frame. */
        default void onJoinRequest(JoinRequest request) {
            onMessage(request.wire());
        }

        /** The server is gone or refused us. Terminal. */
        void onClose(String reason);

        /**
         * The server is there but will not make us the root: another root holds the socket, or
         * the secret is wrong. Terminal; by default the same as {@link #onClose(String)}.
         */
        default void onRefused(String reason) {
            onClose(reason);
        }
    }
}
