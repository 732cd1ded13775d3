package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.overlay.Extensions;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.junit.jupiter.api.Test;

/**
 * Keepalives at the rate the receiver needs, on real trees (real WebRTC peers and our bootstrap
 * server on 127.0.0.1): each node announces its bound in its hello and is sent keepalives for
 * that bound; a Genet neighbour whose hello has no bound (an older build) gets the old rate; and
 * a node whose loop hangs while its WebRTC lives is still cut within its neighbour's bound.
 */
class KeepaliveRateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNeighbourIsSentKeepalivesAtTheRateItsAnnouncedBoundNeedsAndAnOlderBuildAtTheOldRate() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(2); // the default bound, 120 s
            GenetNode announcing = tree.newNode(2).join(); // announces the default bound, 120 s
            RealTree.await(() -> announcing.depth() == 1, "the announcing child joined");
            GenetNode older = tree.newNode(2).join();
            RealTree.await(() -> older.depth() == 1 && root.childrenNb() == 2, "the second child joined");
            RealTree.await(() -> root.children().values().stream().allMatch(c -> c.nodeId() != null),
                    "the root heard both children's hellos");
            Map<GenetNode, AtomicInteger> received = new ConcurrentHashMap<>();
            for (GenetNode child : new GenetNode[] {announcing, older}) {
                AtomicInteger count = new AtomicInteger();
                received.put(child, count);
                child.execute(n -> n.onExtension(Extensions.KEEPALIVE, (channel, data) -> count.incrementAndGet()));
            }
            // The second child says hello again as a build from before bounds were announced does:
            // the same fields, no "keepalive".
            ObjectNode oldHello = Extensions.payload(Extensions.HELLO);
            oldHello.put("id", older.id());
            oldHello.put("impl", "java");
            oldHello.put("maxDegree", 2);
            oldHello.put("depth", 1);
            older.execute(n -> n.parent().send(JSON.valueToTree(oldHello)));
            Thread.sleep(1_500);
            received.values().forEach(c -> c.set(0));
            Thread.sleep(6_000);
            int toOlder = received.get(older).get();
            int toAnnouncing = received.get(announcing).get();
            // The old 4 s bound: one keepalive where nothing was sent for half a second, on ticks
            // of a second: about six in 6 s (three at least on a loaded machine).
            assertThat(toOlder).as("keepalives to the child without a bound in its hello").isGreaterThanOrEqualTo(3);
            // 120 s: one where nothing was sent for 15 s, none in these 6 s but for a late one.
            assertThat(toAnnouncing).as("keepalives to the child that announced %d ms", Node.DEFAULT_KEEPALIVE_BOUND_MS)
                    .isLessThanOrEqualTo(1);
            assertThat(root.childrenNb()).as("both children kept").isEqualTo(2);
        }
    }

    @Test
    void aNodeWhoseLoopHangsWhileItsWebRtcLivesIsCutWithinItsNeighboursBound() throws Exception {
        long bound = 1_500;
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(2);
            root.keepaliveBound(bound);
            NodeLoop hungLoop = new NodeLoop("hung-loop");
            tree.loops.add(hungLoop);
            GenetNode hung = new GenetNode(tree.client, hungLoop, new Random(3), 2, 30_000); // the default bound, 120 s
            tree.nodes.add(hung);
            hung.join();
            RealTree.await(() -> root.children().values().stream().anyMatch(c -> hung.id().equals(c.nodeId())),
                    "the root heard the child's hello");
            Thread.sleep(2 * bound); // the child keeps the root's short bound: it is not cut while it lives
            assertThat(root.childrenNb()).as("a live child sent keepalives at the root's rate").isEqualTo(1);
            long[] cutAt = new long[1];
            CountDownLatch cut = new CountDownLatch(1);
            root.on(e -> {
                if (e instanceof NodeEvent.ChildError c && hung.id().equals(c.channel().nodeId())) {
                    cutAt[0] = System.nanoTime();
                    cut.countDown();
                }
            });
            CountDownLatch release = new CountDownLatch(1);
            tree.onClose(release::countDown);
            long hungAt = System.nanoTime();
            hungLoop.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(cut.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the root cut the hung child").isTrue();
            long ms = (cutAt[0] - hungAt) / 1_000_000;
            // At most the bound, plus one tick, plus slack for a loaded machine. At least half the
            // bound: the child's silence cut it, not anything at once; its last frame may have gone
            // up to three eighths of the bound before the hang (a keepalive goes where nothing was
            // sent for an eighth, on ticks of a quarter), or more if that tick ran late (a cut
            // 1,130 ms after the hang was seen under stress --cpu 2).
            assertThat(ms).isBetween(bound / 2, bound + bound / 4 + 1_500);
            release.countDown();
        }
    }
}
