package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.genet.sim.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL.md section 7, defect 5: no repair in the original. A node that loses its parent rejoins
 * with its children, and reads nothing more from its old parent, so that even a frozen link over
 * which the old parent forwards a request cannot put it below itself.
 */
class Defect5RepairTest {
    private static final String KEEPALIVE = "{\"type\":\"DATA\",\"data\":{\"genet\":\"keepalive\",\"v\":1}}";

    private final VirtualClock clock = new VirtualClock();
    private final ScriptedNetwork network = new ScriptedNetwork();
    private final java.util.List<NodeEvent> events = new java.util.ArrayList<>();
    private final Node node = new Node(network, clock, new Random(3), 2, 1_000);

    /** A Genet parent's hello, which is how a child learns it speaks Genet. */
    private static String hello(int depth) {
        return "{\"type\":\"DATA\",\"data\":{\"genet\":\"hello\",\"v\":1,\"id\":\"111111\",\"impl\":\"java\","
                + "\"maxDegree\":2,\"depth\":" + depth + "}}";
    }

    private ScriptedNetwork.Link joined() {
        node.addListener(events::add);
        node.join();
        ScriptedNetwork.Link parent = network.joins.get(network.joins.size() - 1);
        parent.listener.onOpen();
        return parent;
    }

    @Test
    void aNodeThatLosesItsParentRejoinsWithItsChildrenAndBacksOff() {
        ScriptedNetwork.Link parent = joined();
        // A child, answered through a request from the parent.
        String origin = Frames.origin("c1");
        parent.listener.onMessage(Frames.joinRequest(origin, Frames.OFFER, 0));
        network.answerTo(origin).listener.onOpen();
        assertThat(node.childrenNb()).isEqualTo(1);

        parent.listener.onClose();
        assertThat(node.parent()).isNull();
        assertThat(node.isRejoining()).isTrue();
        assertThat(node.isAttached()).isFalse();
        NodeEvent.Rejoining first = (NodeEvent.Rejoining) events.stream().filter(e -> e instanceof NodeEvent.Rejoining)
                .findFirst().orElseThrow();
        clock.advance(first.delayMs());
        assertThat(network.joins).as("a second join attempt").hasSize(2);
        assertThat(node.childrenNb()).as("its child stays").isEqualTo(1);

        // The attempt times out: the next one waits longer.
        clock.advance(1_000);
        java.util.List<NodeEvent.Rejoining> waits = events.stream().filter(e -> e instanceof NodeEvent.Rejoining)
                .map(e -> (NodeEvent.Rejoining) e).toList();
        assertThat(waits).hasSize(2);
        assertThat(waits.get(1).attempt()).isEqualTo(2);
        clock.advance(waits.get(1).delayMs());
        ScriptedNetwork.Link second = network.joins.get(network.joins.size() - 1);
        assertThat(network.joins).hasSize(3);
        second.listener.onOpen();
        assertThat(node.parent()).isNotNull();
        assertThat(node.isRejoining()).isFalse();
        assertThat(events).anyMatch(e -> e instanceof NodeEvent.Rejoined r && r.attempts() == 2 && !r.asRoot());
        assertThat(node.childrenNb()).isEqualTo(1);
    }

    @Test
    void theOldParentIsReadNoMoreEvenWhenItForwardsTheNodesOwnRequest() {
        ScriptedNetwork.Link parent = joined();
        // The parent speaks Genet: it said where it is.
        parent.listener.onMessage(hello(0));
        assertThat(node.depth()).isEqualTo(1);
        // Silent past the bound: the node drops it and closes its side for good.
        clock.advance(node.keepaliveBound() + node.keepaliveBound() / 4 + 1);
        assertThat(events).anyMatch(e -> e instanceof NodeEvent.ParentError p && p.reason().contains("no keepalive"));
        assertThat(parent.closed()).isTrue();
        assertThat(node.isRejoining()).isTrue();
        // The frozen link delivers late: a join request (it could be the node's own) and data.
        int answersBefore = network.answers.size();
        parent.listener.onMessage(Frames.joinRequest(Frames.origin("ab"), Frames.OFFER, 0));
        parent.listener.onMessage("{\"type\":\"DATA\",\"data\":\"late\"}");
        assertThat(network.answers).as("no candidate from the old parent's request").hasSize(answersBefore);
        assertThat(events).noneMatch(e -> e instanceof NodeEvent.Data);
    }

    @Test
    void keepalivesGoOnlyToNeighboursThatSpeakGenetAndSilentOriginalsStay() {
        ScriptedNetwork.Link parent = joined(); // an original parent: it never says where it is
        clock.advance(10 * node.keepaliveBound());
        assertThat(parent.sent).noneMatch(f -> f.contains("keepalive"));
        assertThat(node.parent()).as("a silent original parent is not dropped").isNotNull();

        parent.listener.onMessage(hello(3));
        clock.advance(node.keepaliveBound() / 2);
        assertThat(parent.sent).contains(KEEPALIVE);
        assertThat(events).noneMatch(e -> e instanceof NodeEvent.Data);
    }
}
