package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 5: a root that lost its socket to the server acts on nothing that socket still
 * delivers (the first repair rule: a node with no way up answers no one). The socket's client
 * could hand over a frame after its close: checked, then queued outside its lock.
 */
class LostRootSocketTest {

    @Test
    void aRequestDeliveredAfterTheRootSocketClosedMakesNoCandidate() {
        Tree tree = Tree.root(2);
        RootSocket.Listener lost = tree.root().listener;
        lost.onClose("connection failed: the connection was lost");
        lost.onMessage(Frames.rootMessage(Frames.origin("a1"), Frames.OFFER, 0));
        lost.onJoinRequest(parse(Frames.rootMessage(Frames.origin("a2"), Frames.OFFER, 0)));
        assertThat(tree.network.answers).isEmpty();
        assertThat(tree.node.candidates()).isEmpty();
    }

    private static JoinRequest parse(String message) {
        try {
            return Wire.parseRootMessage(message);
        } catch (WireException e) {
            throw new AssertionError(e);
        }
    }
}
