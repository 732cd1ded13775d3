package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.overlay.Channel;
import org.genet.overlay.NodeEvent;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 5: an application sees how much it has sent that has not left yet
 * (Channel.bufferedAmount()), so that it can slow down before a data channel's buffer (16 MB)
 * overflows. The overlay's Channel stays free of WebRTC types.
 */
class BackPressureRealTreeTest {

    @Test
    void whatAChannelHasNotSentYetIsVisibleAndDrains() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(4);
            AtomicInteger received = new AtomicInteger();
            GenetNode child = tree.newNode(4).on(e -> {
                if (e instanceof NodeEvent.Data d && d.isParent()) {
                    received.incrementAndGet();
                }
            }).join();
            RealTree.await(() -> root.childrenNb() == 1 && child.parent() != null, "the child joined");
            String chunk = "x".repeat(200_000);
            int frames = 30;
            long buffered = root.call(node -> {
                Channel channel = node.children().values().iterator().next();
                long before = channel.bufferedAmount();
                for (int i = 0; i < frames; i++) {
                    channel.send(Map.of("chunk", chunk));
                }
                return channel.bufferedAmount() - before;
            });
            assertThat(buffered).as("bytes waiting right after the sends").isGreaterThanOrEqualTo(frames * 200_000L);
            RealTree.await(() -> received.get() == frames, "every frame arrived");
            RealTree.await(() -> root.call(node -> node.children().values().iterator().next().bufferedAmount()) == 0,
                    "nothing left to send");
        }
    }
}
