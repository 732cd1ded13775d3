package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCPeerConnectionState;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.Await;
import org.genet.net.NodeLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a real WebRTC peer under ordinary failures (two peers in this JVM, signalling each
 * other directly). Nothing escapes a native callback, a closed connection frees its native
 * object, DISCONNECTED is given time to recover, a send or a listener that fails does not end a
 * healthy connection, and what waits to be sent is visible.
 */
class RtcPeerFailureTest {
    private NodeLoop loopA;
    private NodeLoop loopB;
    private int peersBefore;

    @BeforeEach
    void loops() {
        loopA = new NodeLoop("peer-a");
        loopB = new NodeLoop("peer-b");
        peersBefore = WebRtc.openPeers();
    }

    @AfterEach
    void close() throws Exception {
        loopA.close();
        loopB.close();
        Await.until(() -> WebRtc.openPeers() == peersBefore, "every peer of the test closed", 10);
        WebRtc.shutdown();
    }

    /** What one side heard, its frames apart; a frame may be made to throw in the listener. */
    static final class Events extends PeerEvents {
        final BlockingQueue<String> data = new LinkedBlockingQueue<>();
        volatile RuntimeException throwOnData;

        @Override
        public void onData(String text) {
            RuntimeException e = throwOnData;
            throwOnData = null;
            if (e != null) {
                throw e;
            }
            data.add(text);
        }
    }

    /** Two connected peers: a on {@code executorA}, b on its loop; what each hears after connecting is its end (close, error). */
    private RtcPair<Events> connect(Executor executorA) throws InterruptedException {
        return RtcPair.connect(executorA, new Events(), loopB, new Events());
    }

    @Test
    void aClosedConnectionFreesItsNativeObject() throws Exception {
        assertThat(NativePeerRelease.active()).as("webrtc-java " + NativePeerRelease.webrtcJavaVersion()
                + " needs the release").isTrue();
        long releasedBefore = NativePeerRelease.released();
        RtcPair<Events> pair = connect(loopA);
        pair.close();
        Await.until(() -> WebRtc.openPeers() == peersBefore, "both peers closed", 10);
        assertThat(NativePeerRelease.released() - releasedBefore).as("native connections freed").isEqualTo(2);
    }

    @Test
    void callbacksThatFindTheExecutorClosedThrowNothingIntoWebRtc() throws Exception {
        // An executor that refuses work, as a node's loop does once closed: the description
        // WebRTC creates for the offer comes back into a callback that can no longer hand it over.
        AtomicBoolean refuse = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        Executor closing = task -> {
            if (refuse.get()) {
                refused.incrementAndGet();
                throw new RejectedExecutionException("closed");
            }
            loopA.execute(task);
        };
        RtcPeer a = new RtcPeer(true, closing, new PeerEvents());
        Await.until(() -> refused.get() > 0, "the offer's callback found the executor closed", 10);
        Thread.sleep(300); // a process that a callback's exception ended would not get past here
        a.observer.onConnectionChange(RTCPeerConnectionState.FAILED); // every callback, not only this one
        a.observer.onIceCandidate(new dev.onvoid.webrtc.RTCIceCandidate("0", 0, "candidate:1 1 udp 1 127.0.0.1 9 typ host"));
        assertThat(refused.get()).isGreaterThanOrEqualTo(3);
        refuse.set(false);
        a.close();
    }

    @Test
    void disconnectedIsGivenTimeToRecoverAndOnlyThenEndsTheConnection() throws Exception {
        try (RtcPair<Events> pair = connect(loopA)) {
            pair.a().disconnectedGraceMs(1_500);
            pair.a().observer.onConnectionChange(RTCPeerConnectionState.DISCONNECTED);
            assertThat(pair.aEvents().events.poll(700, TimeUnit.MILLISECONDS)).as("ended while disconnected").isNull();
            pair.a().observer.onConnectionChange(RTCPeerConnectionState.CONNECTED);
            assertThat(pair.aEvents().events.poll(1_500, TimeUnit.MILLISECONDS)).as("ended after it came back").isNull();
            pair.b().send("still here");
            assertThat(pair.aEvents().data.poll(5, TimeUnit.SECONDS)).isEqualTo("still here");

            pair.a().observer.onConnectionChange(RTCPeerConnectionState.DISCONNECTED); // and this time it stays so
            String end = pair.aEvents().events.poll(5, TimeUnit.SECONDS);
            assertThat(end).startsWith("error:disconnected for 1500 ms");
        }
    }

    @Test
    void aSendThatFailsDropsItsFrameAndKeepsAnOpenChannel() throws Exception {
        try (RtcPair<Events> pair = connect(loopA)) {
            AtomicBoolean failNext = new AtomicBoolean(true);
            RtcPeer.ThrowingSender real = pair.a().sender;
            pair.a().sender = (channel, buffer) -> {
                if (failNext.getAndSet(false)) {
                    throw new IllegalStateException("the send buffer is full");
                }
                real.send(channel, buffer);
            };
            onlyTheSecondOfTwoFramesArrives(pair, pair.aEvents());
        }
    }

    @Test
    void aListenerThatFailsOnAFrameDoesNotEndTheConnection() throws Exception {
        try (RtcPair<Events> pair = connect(loopA)) {
            pair.bEvents().throwOnData = new IllegalStateException("the application failed");
            onlyTheSecondOfTwoFramesArrives(pair, pair.bEvents());
        }
    }

    /** a sends two frames: the failure the test set up takes the first, the second arrives, and the side that failed goes on. */
    private static void onlyTheSecondOfTwoFramesArrives(RtcPair<Events> pair, Events failed) throws InterruptedException {
        pair.a().send("first");
        pair.a().send("second");
        assertThat(pair.bEvents().data.poll(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(failed.events).as("no close, no error").isEmpty();
    }

    @Test
    void whatWaitsToBeSentIsVisibleAndDrains() throws Exception {
        try (RtcPair<Events> pair = connect(loopA)) {
            String frame = "x".repeat(200_000);
            long queued = loopA.call(() -> {
                for (int i = 0; i < 40; i++) {
                    pair.a().send(frame);
                }
                return pair.a().bufferedAmount(); // the sends are queued behind this task
            });
            assertThat(queued).isGreaterThanOrEqualTo(40L * 200_000);
            for (int i = 0; i < 40; i++) {
                assertThat(pair.bEvents().data.poll(20, TimeUnit.SECONDS)).as("frame %d", i).hasSize(200_000);
            }
            Await.until(() -> loopA.call(() -> pair.a().bufferedAmount()) == 0, "the buffer drained", 10);
        }
    }
}
