package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;

/** Issue 21, item 3: closing a node from its own listener, and a close that cannot finish at once. */
class GenetNodeCloseTest {

    @Test
    void aNodeClosedFromItsOwnListenerFinishesWhenTheListenerReturns() throws Exception {
        int peersBefore = WebRtc.openPeers();
        try (RealTree tree = new RealTree()) {
            tree.startRoot(4);
            // a node of its own (its own loop and client), as the app and `genet node` make them
            GenetNode node = GenetNode.connect(URI.create("ws://127.0.0.1:" + tree.port), 4, 30_000);
            AtomicLong closeMs = new AtomicLong(-1);
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            CountDownLatch closed = new CountDownLatch(1);
            node.on(event -> {
                if (event instanceof NodeEvent.ParentConnect) {
                    loopThread.set(Thread.currentThread());
                    long start = System.nanoTime();
                    node.close();
                    closeMs.set((System.nanoTime() - start) / 1_000_000);
                    closed.countDown();
                }
            });
            node.join();
            assertThat(closed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(closeMs.get()).as("ms the listener waited for the close").isLessThan(1_000);
            loopThread.get().join(5_000);
            assertThat(loopThread.get().isAlive()).as("the node's loop stopped").isFalse();
            RealTree.await(() -> tree.root.childrenNb() == 0, "the root saw its child go");
            RealTree.await(() -> WebRtc.openPeers() == peersBefore, "the node's peer closed (its close was not dropped)");
        }
        WebRtc.shutdown();
        if (peersBefore == 0) {
            assertThat(WebRtc.isRunning()).as("the WebRTC factory disposed").isFalse();
        }
    }

    @Test
    void aCloseThatFoundTheLoopBusyCanBeTriedAgain() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode node = GenetNode.connect(URI.create("ws://127.0.0.1:" + tree.port), 4, 30_000);
            Thread loopThread = node.loop().call(Thread::currentThread);
            CountDownLatch busy = RealTree.busyLoop(node);
            assertThatThrownBy(node::close).hasMessageContaining("did not answer");
            busy.countDown();
            node.close(); // the second try finishes the work: the node's own loop and client close
            loopThread.join(5_000);
            assertThat(loopThread.isAlive()).as("the node's loop stopped").isFalse();
        }
    }
}
