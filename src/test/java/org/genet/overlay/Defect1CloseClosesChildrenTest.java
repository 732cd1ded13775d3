package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** PROTOCOL.md section 7, defect 1: the original's close() never closes the children. */
class Defect1CloseClosesChildrenTest {

    @Test
    void closeClosesTheRootSocketChildrenAndCandidates() {
        Tree tree = Tree.root(3);
        tree.connectChildren("a1", "a2");
        tree.offer(Frames.origin("a3")); // stays a candidate
        tree.node.close();
        assertThat(tree.root().closed).isTrue();
        assertThat(tree.network.answers).hasSize(3).allMatch(ScriptedNetwork.Link::closed);
        assertThat(tree.node.childrenNb()).isZero();
        assertThat(tree.node.candidates()).isEmpty();
        assertThat(tree.events(NodeEvent.Close.class)).hasSize(1);
    }

    @Test
    void closeClosesTheParentAndChildrenOfAJoinedNode() {
        Tree tree = new Tree(2);
        ScriptedNetwork.Link parent = tree.joinParent();
        String origin = Frames.origin("b1");
        parent.listener.onMessage(Frames.joinRequest(origin, Frames.OFFER, 0));
        tree.network.answerTo(origin).listener.onOpen();
        tree.node.close();
        assertThat(parent.closed()).isTrue();
        assertThat(tree.network.answerTo(origin).closed()).isTrue();
        assertThat(tree.node.parent()).isNull();
    }

    @Test
    void aClosedNodeIgnoresLateEventsAndNoTimerFires() {
        Tree tree = Tree.root(2);
        tree.offer(Frames.origin("a1"));
        tree.node.close();
        int before = tree.events.size();
        tree.network.answerTo(Frames.origin("a1")).listener.onOpen();
        tree.fromServer(Frames.origin("a2"), Frames.OFFER);
        tree.clock.advance(10 * Tree.TIMEOUT);
        assertThat(tree.node.childrenNb()).isZero();
        assertThat(tree.events).hasSize(before);
        assertThat(tree.clock.idle()).isTrue();
    }
}
