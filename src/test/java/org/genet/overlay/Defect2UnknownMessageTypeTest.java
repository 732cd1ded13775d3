package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PROTOCOL.md section 7, defect 2: the original throws inside the data-channel handler on a
 * message of unknown type, and the node dies. Here the frame is reported and dropped; a child
 * that sends one is closed (it is broken or hostile: issue 9), the parent is not.
 */
class Defect2UnknownMessageTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"PING\"}", "not json", "[1,2,3]", "", "{\"data\":1}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":\"zz\"}", "{\"type\":\"DATA\",\"data\":1}}"})
    void aBadFrameFromAChildIsDroppedTheChildClosedAndTheNodeGoesOn(String frame) {
        Tree tree = Tree.root(1);
        Channel child = tree.connectChild(Frames.origin("a1"));
        tree.network.answerTo(Frames.origin("a1")).listener.onMessage(frame);
        assertThat(tree.events(NodeEvent.MessageDrop.class)).singleElement()
                .satisfies(drop -> assertThat(drop.channel()).isSameAs(child));
        assertThat(tree.events(NodeEvent.ChildError.class)).singleElement()
                .satisfies(error -> assertThat(error.channel()).isSameAs(child));
        assertThat(tree.network.answerTo(Frames.origin("a1")).closed()).isTrue();
        assertThat(tree.node.childrenNb()).isZero();
        // still answering joiners, in the place the child left
        tree.offer(Frames.origin("b1"));
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.CANDIDATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"PING\"}", "not json", "{\"type\":\"JOIN-REQUEST\"}"})
    void aBadFrameFromTheParentIsDroppedAndTheNodeGoesOn(String frame) {
        Tree tree = new Tree(2);
        ScriptedNetwork.Link parent = tree.joinParent();
        parent.listener.onMessage(frame);
        assertThat(tree.events(NodeEvent.MessageDrop.class)).hasSize(1);
        assertThat(tree.node.parent()).isNotNull();
        parent.listener.onMessage("{\"type\":\"DATA\",\"data\":\"still here\"}");
        assertThat(tree.events(NodeEvent.Data.class)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"DATA\",\"origin\":\"abcdef\"}", "{{", "[]", "\"hello\""})
    void aBadFrameFromTheServerIsDroppedAndTheRootGoesOn(String frame) {
        Tree tree = Tree.root(2);
        tree.root().listener.onMessage(frame);
        assertThat(tree.events(NodeEvent.MessageDrop.class)).singleElement()
                .satisfies(drop -> assertThat(drop.channel()).isNull());
        tree.offer(Frames.origin("a1"));
        assertThat(tree.node.candidates()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"heartbeat\""})
    void theHeartbeatIsNoError(String frame) {
        Tree tree = Tree.root(2);
        tree.root().listener.onMessage(frame);
        assertThat(tree.events(NodeEvent.MessageDrop.class)).isEmpty();
        assertThat(tree.events(NodeEvent.JoinRequestHandled.class)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1"})
    void aJoinRequestFromAChildIsDroppedAndTheChildClosed(String prefix) {
        Tree tree = Tree.root(2);
        tree.connectChild(Frames.origin(prefix));
        String origin = Frames.origin("c1");
        tree.network.answerTo(Frames.origin(prefix)).listener.onMessage(Frames.joinRequest(origin, Frames.OFFER, 0));
        assertThat(tree.network.answersTo(origin)).isZero();
        assertThat(tree.events(NodeEvent.MessageDrop.class)).singleElement()
                .extracting(NodeEvent.MessageDrop::reason).asString().contains("from a child");
        assertThat(tree.node.childrenNb()).isZero();
    }
}
