package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/** The join algorithm of PROTOCOL.md section 5, step by step, on a scripted network. */
class NodeTest {

    @Test
    void rootOpensItsSocketWithTheSecret() {
        Tree tree = Tree.root(2);
        assertThat(tree.root().secret).isEqualTo("s3cret");
        assertThat(tree.node.isRoot()).isTrue();
        assertThat(tree.events(NodeEvent.RootOpen.class)).hasSize(1);
    }

    @Test
    void anOfferMakesACandidateThatAnswersTheJoiner() {
        Tree tree = Tree.root(2);
        String origin = Frames.origin("a1");
        ScriptedNetwork.Link link = tree.candidate(origin);
        assertThat(link.signals).extracting(s -> s.path("type").asText()).containsExactly("offer");
        assertThat(tree.node.candidates()).extracting(Candidate::origin).containsExactly(origin);
        assertThat(tree.node.candidates().get(0).expiresAt()).isEqualTo(tree.clock.now() + Tree.TIMEOUT);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.CANDIDATE);
    }

    @Test
    void laterSignalsOfACandidateGoToItsConnection() {
        Tree tree = Tree.root(2);
        String origin = Frames.origin("a1");
        tree.offer(origin);
        tree.fromServer(origin, Frames.CANDIDATE);
        tree.fromServer(origin, Frames.CANDIDATE);
        assertThat(tree.network.answersTo(origin)).isEqualTo(1);
        assertThat(tree.network.answerTo(origin).signals).hasSize(3);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.SIGNAL_CANDIDATE);
    }

    @Test
    void aConnectedCandidateTakesTheFirstFreeSlot() {
        Tree tree = Tree.root(3);
        Channel first = tree.connectChild(Frames.origin("a1"));
        Channel second = tree.connectChild(Frames.origin("a2"));
        assertThat(first.slot()).isZero();
        assertThat(second.slot()).isEqualTo(1);
        first.destroy();
        Channel third = tree.connectChild(Frames.origin("a3"));
        assertThat(third.slot()).isZero();
        assertThat(tree.node.childrenNb()).isEqualTo(2);
        assertThat(tree.node.candidates()).isEmpty();
        assertThat(tree.events(NodeEvent.ChildConnect.class)).hasSize(3);
        assertThat(tree.events(NodeEvent.ChildClose.class)).extracting(NodeEvent.ChildClose::channel).containsExactly(first);
    }

    @Test
    void aFullNodeDelegatesByHashToTheChildOfThatSlot() {
        Tree tree = Tree.root(2);
        tree.connectChildren("a1", "a2");
        for (int slot = 0; slot < 2; slot++) {
            String origin = tree.offerFor(slot, "b" + slot);
            ScriptedNetwork.Link child = tree.network.answers.get(slot);
            assertThat(child.sent).last().isEqualTo(Frames.joinRequest(origin, Frames.OFFER, 2 + slot));
            assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
            assertThat(tree.lastDecision().slot()).isEqualTo(slot);
        }
        assertThat(tree.network.answers).hasSize(2);
    }

    @Test
    void everySignalOfAnOriginFollowsItsOfferEvenWhenSlotsChange() {
        Tree tree = Tree.root(2);
        tree.connectChildren("a1", "a2");
        String origin = tree.offerFor(1, "b");
        ScriptedNetwork.Link slot1 = tree.network.answers.get(1);
        tree.node.setMaxDegree(7); // changes the hash modulus and makes room here
        tree.fromServer(origin, Frames.CANDIDATE);
        tree.fromServer(origin, Frames.CANDIDATE);
        assertThat(slot1.sent).hasSize(3);
        assertThat(tree.network.answersTo(origin)).isZero();
    }

    @Test
    void aFullNodeWithoutChildrenYetStoresRequestsForTheirSlot() {
        Tree tree = Tree.root(2);
        tree.offers("a1", "a2");
        String origin = tree.offerFor(0, "b");
        tree.fromServer(origin, Frames.CANDIDATE);
        assertThat(tree.node.storedRequests()).containsEntry(0, 2);
        tree.network.answerTo(Frames.origin("a2")).listener.onOpen(); // takes slot 0
        ScriptedNetwork.Link child = tree.network.answerTo(Frames.origin("a2"));
        assertThat(child.sent).hasSize(2);
        assertThat(child.sent.get(0)).contains("\"offer\"");
        assertThat(child.sent.get(1)).contains("\"candidate\"");
        assertThat(tree.node.storedRequests()).isEmpty();
    }

    @Test
    void joinConnectsToAParentAndHandlesItsRequestsAndData() {
        Tree tree = new Tree(3);
        ScriptedNetwork.Link parent = tree.joinParent();
        assertThat(tree.node.parent()).isNotNull();
        assertThat(tree.node.parent().isParent()).isTrue();
        parent.listener.onMessage("{\"type\":\"DATA\",\"data\":\"ping\"}");
        NodeEvent.Data data = tree.events(NodeEvent.Data.class).get(0);
        assertThat(data.data().asText()).isEqualTo("ping");
        assertThat(data.isParent()).isTrue();
        tree.node.parent().send("pong");
        assertThat(parent.sent).containsExactly("{\"type\":\"DATA\",\"data\":\"pong\"}");
        String origin = Frames.origin("c1");
        parent.listener.onMessage(Frames.joinRequest(origin, Frames.OFFER, 0));
        assertThat(tree.network.answersTo(origin)).isEqualTo(1);
        parent.listener.onClose();
        assertThat(tree.node.parent()).isNull();
        assertThat(tree.events(NodeEvent.ParentClose.class)).hasSize(1);
    }

    @Test
    void aJoinWithoutParentGivesUpAfterTheRequestTimeout() {
        Tree tree = new Tree(3);
        tree.node.join();
        tree.clock.advance(Tree.TIMEOUT - 1);
        assertThat(tree.node.isJoining()).isTrue();
        tree.clock.advance(1);
        assertThat(tree.node.isJoining()).isFalse();
        assertThat(tree.network.joins.get(0).closed()).isTrue();
        assertThat(tree.events(NodeEvent.JoinFail.class)).singleElement()
                .extracting(NodeEvent.JoinFail::reason).asString().contains("1000 ms");
        tree.node.join(); // and it can try again
        assertThat(tree.network.joins).hasSize(2);
    }

    @Test
    void aLateOpenOfAGivenUpJoinIsClosed() {
        Tree tree = new Tree(3);
        tree.node.join();
        tree.clock.advance(Tree.TIMEOUT);
        ScriptedNetwork.Link link = tree.network.joins.get(0);
        int closes = link.closeCalls;
        link.listener.onOpen();
        assertThat(tree.node.parent()).isNull();
        assertThat(link.closeCalls).isGreaterThan(closes);
    }

    @Test
    void aNodeDoesOneThingAtATime() {
        Tree tree = Tree.root(2);
        assertThatThrownBy(tree.node::join).isInstanceOf(IllegalStateException.class).hasMessageContaining("root");
        Tree joiner = new Tree(2);
        joiner.node.join();
        assertThatThrownBy(() -> joiner.node.becomeRoot("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("joining");
        assertThatThrownBy(() -> joiner.node.setMaxDegree(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void childDataIsReportedWithItsChannel() {
        Tree tree = Tree.root(2);
        Channel child = tree.connectChild(Frames.origin("a1"));
        tree.network.answerTo(Frames.origin("a1")).listener.onMessage("{\"type\":\"DATA\",\"data\":{\"rtt\":3}}");
        NodeEvent.Data data = tree.events(NodeEvent.Data.class).get(0);
        assertThat(data.channel()).isSameAs(child);
        assertThat(data.isParent()).isFalse();
        assertThat(data.data().path("rtt").asInt()).isEqualTo(3);
    }

    @Test
    void aFailingListenerDoesNotHarmTheNodeNorTheOtherListeners() {
        Tree tree = Tree.root(2);
        tree.node.addListener(event -> {
            throw new IllegalStateException("a broken observer");
        });
        tree.connectChild(Frames.origin("a1"));
        assertThat(tree.node.childrenNb()).isEqualTo(1);
        assertThat(tree.events(NodeEvent.ChildConnect.class)).hasSize(1);
    }

    @Test
    void theRootSurvivesItsServerGoingAwayWithItsChildren() {
        Tree tree = Tree.root(2);
        tree.connectChild(Frames.origin("a1"));
        tree.root().listener.onClose("server closed");
        assertThat(tree.node.isRoot()).isFalse();
        assertThat(tree.node.childrenNb()).isEqualTo(1);
        assertThat(tree.events(NodeEvent.RootClose.class)).extracting(NodeEvent.RootClose::reason)
                .containsExactly("server closed");
    }

    @Test
    void signalsReachTheCandidateAsTheServerSentThem() throws Exception {
        Tree tree = Tree.root(2);
        String origin = Frames.origin("a1");
        tree.offer(origin);
        tree.fromServer(origin, Frames.CANDIDATE);
        JsonNode candidate = tree.network.answerTo(origin).signals.get(1);
        assertThat(candidate).isEqualTo(Wire.parse(Frames.CANDIDATE));
    }

    @Test
    void nodeIdsComeFromTheRandomSource() {
        Node a = new Node(new ScriptedNetwork(), new org.genet.sim.VirtualClock(), new Random(3));
        Node b = new Node(new ScriptedNetwork(), new org.genet.sim.VirtualClock(), new Random(3));
        assertThat(a.id()).isEqualTo(b.id()).matches("[0-9]{1,6}");
        assertThat(a.maxDegree()).isEqualTo(Node.DEFAULT_MAX_DEGREE);
        assertThat(a.requestTimeoutMs()).isEqualTo(Node.DEFAULT_REQUEST_TIMEOUT_MS);
    }
}
