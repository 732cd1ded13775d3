package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Two real WebRTC peers in this JVM, connected, each signalling straight to the other: {@code a}
 * the initiator (a joiner, which opens the data channel) and {@code b} the answerer. Each peer is
 * made on its own executor, as a node makes its peers on its loop.
 */
record RtcPair<E extends PeerEvents>(RtcPeer a, E aEvents, RtcPeer b, E bEvents) implements AutoCloseable {

    /** Opens the two peers and waits until each has heard {@code connect} (10 s each at most). */
    static <E extends PeerEvents> RtcPair<E> connect(Executor executorA, E aEvents, Executor executorB, E bEvents)
            throws InterruptedException {
        CompletableFuture<RtcPeer> a = new CompletableFuture<>();
        bEvents.relay = signal -> a.join().signal(signal); // b answers only once a's offer came, so a exists
        RtcPeer b = open(false, executorB, bEvents);
        aEvents.relay = b::signal;
        a.complete(open(true, executorA, aEvents));
        try {
            assertThat(aEvents.next()).as("a connected").isEqualTo("connect");
            assertThat(bEvents.next()).as("b connected").isEqualTo("connect");
        } catch (AssertionError | InterruptedException e) {
            a.join().close();
            b.close();
            throw e;
        }
        return new RtcPair<>(a.join(), aEvents, b, bEvents);
    }

    private static RtcPeer open(boolean initiator, Executor executor, PeerEvents events) {
        return CompletableFuture.supplyAsync(() -> new RtcPeer(initiator, executor, events), executor).join();
    }

    /** Closes both peers (each on its executor; closing one already closed does nothing). */
    @Override
    public void close() {
        a.close();
        b.close();
    }
}
