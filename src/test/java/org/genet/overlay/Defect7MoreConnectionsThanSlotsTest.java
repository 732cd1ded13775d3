package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md section 7, defect 7: the original crashes with "No space found for adding new child"
 * when more connections complete than it has slots.
 */
class Defect7MoreConnectionsThanSlotsTest {

    @Test
    void candidatesAcceptedBeforeMaxDegreeWasLoweredStillBecomeChildren() {
        Tree tree = Tree.root(3);
        tree.offers("a1", "a2", "a3");
        tree.node.setMaxDegree(1);
        tree.network.answers.forEach(link -> link.listener.onOpen());
        assertThat(tree.node.children()).containsOnlyKeys(0, 1, 2);
        tree.offer(Frames.origin("b1"));
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        assertThat(tree.lastDecision().slot()).isZero();
    }

    @Test
    void aConnectionThatOpensAfterItsCandidateExpiredIsClosed() {
        Tree tree = Tree.root(1);
        String origin = Frames.origin("a1");
        tree.offer(origin);
        tree.clock.advance(Tree.TIMEOUT);
        ScriptedNetwork.Link link = tree.network.answerTo(origin);
        int closes = link.closeCalls;
        link.listener.onOpen();
        assertThat(tree.node.childrenNb()).isZero();
        assertThat(link.closeCalls).isGreaterThan(closes);
        tree.offer(Frames.origin("b1"));
        assertThat(tree.node.candidates()).hasSize(1);
    }

    @Test
    void aConnectionThatOpensTwiceIsOneChild() {
        Tree tree = Tree.root(2);
        String origin = Frames.origin("a1");
        ScriptedNetwork.Link link = tree.candidate(origin);
        link.listener.onOpen();
        link.listener.onOpen();
        assertThat(tree.node.childrenNb()).isEqualTo(1);
        assertThat(link.closed()).isFalse();
    }
}
