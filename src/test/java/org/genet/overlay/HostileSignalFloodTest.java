package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a joiner that sends thousands of signals (ICE candidates) is cut off after
 * {@link Node#MAX_SIGNALS_PER_ORIGIN}, whether this node answers it or passes its signals down.
 */
class HostileSignalFloodTest {

    @Test
    void aCandidateSendingTooManySignalsIsGivenUp() {
        Tree tree = Tree.root(2);
        String origin = Frames.origin("a1");
        tree.offer(origin);
        for (int i = 0; i < 150; i++) {
            tree.fromServer(origin, Frames.CANDIDATE);
        }
        ScriptedNetwork.Link answerer = tree.network.answerTo(origin);
        assertThat(answerer.signals).hasSize(Node.MAX_SIGNALS_PER_ORIGIN); // the offer and 99 candidates
        assertThat(answerer.closed()).isTrue();
        assertThat(tree.events(NodeEvent.CandidateDrop.class)).singleElement()
                .satisfies(drop -> assertThat(drop.reason()).contains("over " + Node.MAX_SIGNALS_PER_ORIGIN + " signals"));
        assertThat(tree.node.candidates()).isEmpty();
        // the place is free again for a good joiner
        tree.offer(Frames.origin("b1"));
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.CANDIDATE);
    }

    @Test
    void aDelegatedJoinerSendingTooManySignalsIsNoLongerPassedDown() {
        Tree tree = Tree.root(1);
        Channel child = tree.connectChild(Frames.origin("c1"));
        String origin = Frames.origin("a1");
        tree.offer(origin);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        for (int i = 0; i < 150; i++) {
            tree.fromServer(origin, Frames.CANDIDATE);
        }
        ScriptedNetwork.Link childLink = tree.network.answerTo(child.id());
        assertThat(childLink.sent).hasSize(Node.MAX_SIGNALS_PER_ORIGIN); // the offer and 99 candidates
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DROP);
        assertThat(tree.lastDecision().reason()).contains("signals from one joiner");
    }
}
