package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.measure.FrameCounts;
import org.junit.jupiter.api.Test;

/**
 * Pings only when someone looks, on a real link (real WebRTC peers and our bootstrap server on
 * 127.0.0.1): a quiet link carries none by default; a node asked for its round trip time pings
 * its parent at the interval it was given, and stops when told.
 */
class ParentPingRealTest {
    @Test
    void aQuietLinkCarriesNoPingsUnlessTheNodeIsAskedForItsRoundTripTime() throws Exception {
        try (RealTree tree = new RealTree()) {
            tree.startRoot(2);
            GenetNode child = tree.joinsRoot(tree.newNode(2));
            assertThat((long) child.call(n -> n.pingIntervalMs())).as("pings are off by default").isZero();
            FrameCounts.Snapshot before = FrameCounts.snapshot();
            Thread.sleep(2_000);
            assertThat(FrameCounts.snapshot().minus(before).frames(FrameCounts.Kind.PING)).as("pings by default").isZero();
            assertThat((double) child.call(n -> n.parentRttMs())).as("no round trip time unless asked").isNaN();

            child.pingInterval(300);
            RealTree.await(() -> !Double.isNaN(child.call(n -> n.parentRttMs())), "the child measured its parent");
            before = FrameCounts.snapshot();
            Thread.sleep(2_000);
            FrameCounts.Snapshot asked = FrameCounts.snapshot().minus(before);
            assertThat(asked.frames(FrameCounts.Kind.PING)).as("pings every 300 ms for 2 s").isBetween(3L, 8L);
            assertThat(asked.frames(FrameCounts.Kind.PONG)).as("each answered").isGreaterThanOrEqualTo(3L);

            child.pingInterval(0);
            Thread.sleep(300);
            before = FrameCounts.snapshot();
            Thread.sleep(1_500);
            assertThat(FrameCounts.snapshot().minus(before).frames(FrameCounts.Kind.PING)).as("pings after they were turned off").isZero();
        }
    }
}
