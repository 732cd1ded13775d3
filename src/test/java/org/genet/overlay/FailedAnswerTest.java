package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 2: a join request whose answer cannot be made (the network throws: no session,
 * no peer) is the joiner's loss only. The node drops the candidate it made, says so, and hands
 * its place to the requests stored behind it; the frame that brought the request, maybe the
 * parent's, is not to blame. Before, the exception climbed into the parent's frame delivery, which
 * took it for the parent failing, and the candidate, left without a link, broke its own expiry.
 */
class FailedAnswerTest {

    @Test
    void aFailedAnswerFromTheParentsRequestDropsTheCandidateAndKeepsTheParent() {
        Tree tree = new Tree(2);
        ScriptedNetwork.Link parentLink = tree.joinParent();
        Channel parent = tree.node.parent();
        assertThat(parent).isNotNull();

        tree.network.failNextAnswer = new IllegalStateException("no signaling session");
        String joiner = Frames.origin("c1");
        parentLink.listener.onMessage(Frames.joinRequest(joiner, Frames.OFFER, 0));

        assertThat(tree.node.parent()).isSameAs(parent);
        assertThat(parentLink.closed()).isFalse();
        assertThat(tree.events(NodeEvent.ParentError.class)).isEmpty();
        assertThat(tree.node.candidates()).isEmpty();
        assertThat(tree.events(NodeEvent.CandidateDrop.class)).singleElement().satisfies(d -> {
            assertThat(d.candidate().origin()).isEqualTo(joiner);
            assertThat(d.reason()).contains("could not answer").contains("no signaling session");
        });
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DROP);

        tree.clock.advance(Tree.TIMEOUT * 3); // its expiry was cancelled: nothing left to fail later
        assertThat(tree.events(NodeEvent.CandidateDrop.class)).hasSize(1);

        String next = Frames.origin("c2");
        parentLink.listener.onMessage(Frames.joinRequest(next, Frames.OFFER, 0));
        assertThat(tree.network.answersTo(next)).isEqualTo(1);
    }

    @Test
    void theRequestsStoredBehindAFailedAnswerAreHandledAgain() {
        Tree tree = Tree.root(1);
        tree.offer(Frames.origin("a1"));
        String b = Frames.origin("b1");
        String c = Frames.origin("b2");
        tree.offer(b);
        tree.offer(c);
        assertThat(tree.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);

        tree.network.failNextAnswer = new IllegalStateException("no peer");
        tree.network.answerTo(Frames.origin("a1")).listener.onError("ICE failed"); // b's turn, whose answer fails

        assertThat(tree.events(NodeEvent.CandidateDrop.class)).extracting(d -> d.candidate().origin())
                .containsExactly(Frames.origin("a1"), b);
        assertThat(tree.network.answersTo(c)).as("the request stored behind the failed one").isEqualTo(1);
        assertThat(tree.node.candidates()).extracting(Candidate::origin).containsExactly(c);
        assertThat(tree.node.storedRequests()).isEmpty();
    }
}
