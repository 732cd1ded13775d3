package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md section 7, defect 3: in the original a late ICE candidate of a joiner that already
 * connected is taken for a new join request and creates a dead candidate that holds a slot for the
 * whole request timeout. Here only an offer creates a candidate, and signals of an origin that
 * connected or was given up on are dropped.
 */
class Defect3LateSignalTest {
    /** A root with two slots (made anew for each test), and the joiner a1 whose signals come late. */
    private final Tree tree = Tree.root(2);
    private final String origin = Frames.origin("a1");

    @Test
    void aLateCandidateOfAConnectedChildCreatesNoCandidate() {
        tree.connectChild(origin);
        tree.fromServer(origin, Frames.CANDIDATE);
        assertThat(tree.network.answersTo(origin)).isEqualTo(1);
        assertThat(tree.node.candidates()).isEmpty();
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DROP);
        assertThat(tree.lastDecision().reason()).contains("already connected");
        // the slot it would have held is free for a real joiner
        tree.offer(Frames.origin("b1"));
        assertThat(tree.node.candidates()).extracting(Candidate::origin).containsExactly(Frames.origin("b1"));
    }

    @Test
    void aRepeatedOfferOfAConnectedOriginCreatesNoCandidate() {
        tree.connectChild(origin);
        tree.offer(origin);
        assertThat(tree.network.answersTo(origin)).isEqualTo(1);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DROP);
    }

    @Test
    void signalsOfAnExpiredCandidateCreateNoCandidate() {
        tree.offer(origin);
        tree.clock.advance(Tree.TIMEOUT);
        assertThat(tree.events(NodeEvent.CandidateDrop.class)).hasSize(1);
        tree.fromServer(origin, Frames.CANDIDATE);
        tree.offer(origin);
        assertThat(tree.network.answersTo(origin)).isEqualTo(1);
        assertThat(tree.node.candidates()).isEmpty();
    }

    @Test
    void aJoinRequestWithoutAnOfferNeverCreatesACandidate() {
        tree.fromServer(Frames.origin("a1"), Frames.CANDIDATE);
        tree.fromServer(Frames.origin("a2"), "{\"type\":\"answer\",\"sdp\":\"v=0\"}");
        tree.fromServer(Frames.origin("a3"), "{\"renegotiate\":true}");
        tree.fromServer(Frames.origin("a4"), "{\"candidate\":{\"candidate\":\"\"}}");
        assertThat(tree.network.answers).isEmpty();
        assertThat(tree.events(NodeEvent.JoinRequestHandled.class)).hasSize(4)
                .allMatch(h -> h.decision() == Decision.DROP && h.reason().contains("no offer"));
    }

    @Test
    void theOriginIsForgottenAfterTheRequestTimeout() {
        tree.connectChild(origin);
        tree.clock.advance(Tree.TIMEOUT);
        tree.fromServer(origin, Frames.CANDIDATE);
        assertThat(tree.lastDecision().reason()).contains("no earlier signal");
        assertThat(tree.clock.idle()).as("no sweep timer left once nothing is held").isTrue();
    }
}
