package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md section 7, defect 4: in the original a request delegated to an empty slot waits
 * until a new child fills that slot, even when the node could take it or other slots could. Here
 * stored requests are handled again whenever a place frees up, and expire with the request timeout.
 */
class Defect4StoredRequestsTest {

    /** A node with maxDegree 2 whose two places are held by candidates, and one request stored. */
    private static Tree fullOfCandidatesWithOneStored(String stored) {
        Tree tree = Tree.root(2);
        tree.offers("a1", "a2");
        tree.offer(stored);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.STORE);
        return tree;
    }

    @Test
    void whenACandidateFailsItsPlaceGoesToAStoredRequestAtOnce() {
        String stored = Frames.origin("b1");
        Tree tree = fullOfCandidatesWithOneStored(stored);
        tree.network.answerTo(Frames.origin("a1")).listener.onError("ICE failed");
        assertThat(tree.network.answersTo(stored)).isEqualTo(1);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.CANDIDATE);
        assertThat(tree.lastDecision().replay()).isTrue();
        assertThat(tree.node.storedRequests()).isEmpty();
    }

    @Test
    void whenACandidateExpiresItsPlaceGoesToAStoredRequestAtOnce() {
        String stored = Frames.origin("b1");
        Tree tree = fullOfCandidatesWithOneStored(stored);
        tree.clock.advance(Tree.TIMEOUT - 10);
        tree.offer(Frames.origin("b2")); // arrives later, so expires later
        tree.clock.advance(10);
        assertThat(tree.events(NodeEvent.CandidateDrop.class)).hasSize(2);
        assertThat(tree.network.answersTo(Frames.origin("b2"))).isEqualTo(1);
    }

    @Test
    void whenAChildLeavesItsPlaceGoesToAStoredRequestAtOnce() {
        Tree tree = Tree.root(2);
        Channel child = tree.connectChild(Frames.origin("a1"));
        tree.offer(Frames.origin("a2"));
        String stored = tree.originFor(1, "b");
        tree.offer(stored);
        assertThat(tree.node.storedRequests()).containsEntry(1, 1);
        child.destroy();
        assertThat(tree.network.answersTo(stored)).isEqualTo(1);
    }

    @Test
    void storedRequestsExpireWithTheRequestTimeout() {
        String stored = Frames.origin("b1");
        Tree tree = fullOfCandidatesWithOneStored(stored);
        tree.network.answerTo(Frames.origin("a1")).listener.onOpen();
        tree.network.answerTo(Frames.origin("a2")).listener.onOpen();
        // both slots are children now, so the request went to one of them
        assertThat(tree.node.storedRequests()).isEmpty();

        Tree other = fullOfCandidatesWithOneStored(stored);
        other.clock.advance(Tree.TIMEOUT / 2);
        assertThat(other.node.storedRequests()).isNotEmpty();
        other.clock.advance(Tree.TIMEOUT / 2);
        assertThat(other.node.storedRequests()).isEmpty();
        assertThat(other.events(NodeEvent.RequestExpire.class)).extracting(NodeEvent.RequestExpire::origin)
                .containsExactly(stored);
        assertThat(other.network.answersTo(stored)).isZero();
    }

    @Test
    void whenNoCandidateWillFillASlotItsRequestsGoToTheNextChild() {
        Tree tree = Tree.root(4);
        Channel[] children = tree.connectChildren(4);
        tree.node.setMaxDegree(2);
        children[0].destroy();
        children[1].destroy();
        // two children left, in slots 2 and 3; slots 0 and 1 are empty and no candidate is coming
        for (int slot = 0; slot < 2; slot++) {
            String origin = tree.offerFor(slot, "b" + slot);
            assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
            assertThat(tree.lastDecision().slot()).isEqualTo(2);
            assertThat(tree.lastDecision().reason()).contains("slot " + slot + " is empty");
        }
        assertThat(tree.node.storedRequests()).isEmpty();
    }

    @Test
    void storedSignalsKeepTheirOrderWhenHandledAgain() {
        String stored = Frames.origin("b1");
        Tree tree = fullOfCandidatesWithOneStored(stored);
        tree.fromServer(stored, Frames.CANDIDATE);
        tree.fromServer(stored, Frames.CANDIDATE);
        tree.network.answerTo(Frames.origin("a2")).listener.onClose();
        ScriptedNetwork.Link link = tree.network.answerTo(stored);
        assertThat(link.signals).extracting(s -> s.has("sdp") ? "offer" : "candidate")
                .containsExactly("offer", "candidate", "candidate");
    }

    @Test
    void aCandidateMadeFromAStoredRequestExpiresWhenTheRequestWould() {
        String stored = Frames.origin("b1");
        Tree tree = fullOfCandidatesWithOneStored(stored);
        long storedAt = tree.clock.now();
        tree.clock.advance(Tree.TIMEOUT / 2);
        tree.network.answerTo(Frames.origin("a1")).listener.onClose();
        Candidate candidate = tree.node.candidates().stream().filter(c -> c.origin().equals(stored)).findFirst()
                .orElseThrow();
        assertThat(candidate.expiresAt()).isEqualTo(storedAt + Tree.TIMEOUT);
        tree.clock.advance(Tree.TIMEOUT / 2);
        assertThat(tree.node.candidates()).extracting(Candidate::origin).doesNotContain(stored);
    }
}
