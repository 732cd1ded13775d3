package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.genet.overlay.Network;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.PeerLink;
import org.genet.overlay.RootSocket;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 2, over real WebRTC: a node whose answer to a join request fails keeps its
 * parent (the request came in the parent's frame), drops the candidate, and answers the joiner's
 * next attempt. Before, the exception reached the parent's frame delivery, which closed the
 * healthy parent connection.
 */
class FailedAnswerRealTreeTest {

    /** A network whose first answer throws, as one whose signaling client was closed would. */
    private static Network failingOnce(Network real, AtomicBoolean failed) {
        return new Network() {
            @Override
            public RootSocket openRoot(String secret, RootSocket.Listener listener) {
                return real.openRoot(secret, listener);
            }

            @Override
            public PeerLink join(PeerLink.Listener listener) {
                return real.join(listener);
            }

            @Override
            public PeerLink answer(String origin, PeerLink.Listener listener) {
                if (failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("cannot open a signaling session");
                }
                return real.answer(origin, listener);
            }
        };
    }

    @Test
    void aNodeWhoseAnswerFailsKeepsItsParentAndAnswersTheNextAttempt() throws Exception {
        try (RealTree tree = new RealTree()) {
            tree.startRoot(1);
            AtomicBoolean failed = new AtomicBoolean();
            List<NodeEvent> middleEvents = new CopyOnWriteArrayList<>();
            GenetNode middle = new GenetNode(tree.client, tree.loops.get(1), new Random(3), 4, 30_000, false,
                    real -> failingOnce(real, failed));
            tree.nodes.add(middle);
            middle.on(middleEvents::add).join();
            RealTree.await(() -> middle.parent() != null, "the middle node has the root as its parent");

            GenetNode joiner = new GenetNode(tree.client, tree.loops.get(0), new Random(4), 4, 3_000);
            tree.nodes.add(joiner);
            joiner.on(event -> {
                if (event instanceof NodeEvent.JoinFail) {
                    joiner.node().join(); // a person tries again
                }
            }).join();

            RealTree.await(() -> middleEvents.stream().anyMatch(e -> e instanceof NodeEvent.CandidateDrop d
                    && d.reason().contains("could not answer")), "the middle node dropped the candidate it could not answer");
            RealTree.await(() -> joiner.parent() != null, "the joiner's next attempt is answered");
            // the joiner's end of the link can open before the middle node's loop counts its child
            RealTree.await(() -> middle.childrenNb() == 1, "the middle node counts the joiner as its child");
            assertThat(middleEvents).noneMatch(e -> e instanceof NodeEvent.ParentClose || e instanceof NodeEvent.ParentError);
            assertThat(middle.parent()).isNotNull();
        }
    }
}
