package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: every bound a node has against its neighbours (NodeBounds), on a scripted network in
 * virtual time. A child or parent that passes its bound is closed and the node goes on; joiners'
 * signals past theirs are dropped. The same attacks over real WebRTC: {@code org.genet.net.HostileNodesTest}.
 */
class NodeBoundsTest {

    private static String data(String json) {
        return "{\"type\":\"DATA\",\"data\":" + json + "}";
    }

    private static String hello(String id, int depth) {
        return data("{\"genet\":\"hello\",\"v\":1,\"id\":\"" + id + "\",\"impl\":\"java\",\"maxDegree\":10,\"depth\":" + depth + "}");
    }

    /** A Genet child that said hello as {@code id}. */
    private static ScriptedNetwork.Link genetChild(Tree tree, String prefix, String id) {
        String origin = Frames.origin(prefix);
        tree.network.genetOrigins.add(origin);
        tree.connectChild(origin);
        ScriptedNetwork.Link link = tree.network.answerTo(origin);
        link.listener.onMessage(hello(id, 1));
        return link;
    }

    /** A node joined under a parent that said hello; the parent's link. */
    private static ScriptedNetwork.Link joined(Tree tree, String parentId, int parentDepth) {
        tree.node.join();
        ScriptedNetwork.Link parent = tree.network.joins.get(tree.network.joins.size() - 1);
        parent.listener.onOpen();
        parent.listener.onMessage(hello(parentId, parentDepth));
        return parent;
    }

    /** Finding 3: the joiners' signals that wait in a slot are bounded per joiner and in all. */
    @Test
    void storedRequestsAreBoundedPerJoinerAndInAll() {
        Tree tree = Tree.root(1);
        tree.offer(Frames.origin("aa")); // the candidate fills the one place; its slot has no child yet
        String joiner = Frames.origin("b1");
        tree.offer(joiner);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.STORE);
        for (int i = 0; i < 150; i++) {
            tree.fromServer(joiner, Frames.CANDIDATE);
        }
        assertThat(tree.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(Node.MAX_SIGNALS_PER_ORIGIN);
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DROP);
        assertThat(tree.lastDecision().reason()).contains("signals from one joiner");
        // a stored request held is bounded in all: 50 here
        Tree other = Tree.root(1);
        other.node.setBounds(NodeBounds.DEFAULT.withStored(50, 1L << 30));
        other.offer(Frames.origin("aa"));
        for (int i = 0; i < 300; i++) {
            other.offer(Frames.origin(String.format("c%04x", i)));
        }
        assertThat(other.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
        assertThat(other.lastDecision().reason()).contains("stored requests");
        // and in bytes
        Tree bytes = Tree.root(1);
        bytes.node.setBounds(NodeBounds.DEFAULT.withStored(10_000, 2_000));
        bytes.offer(Frames.origin("aa"));
        for (int i = 0; i < 100; i++) {
            bytes.offer(Frames.origin(String.format("d%04x", i)));
        }
        int storedChars = Frames.rootMessage(Frames.origin("d0000"), Frames.OFFER, 0).length() + ",\"type\":\"JOIN-REQUEST\"".length();
        assertThat(bytes.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(2_000 / storedChars);
    }

    /** Finding 3/4: a request stored again in the slot it waited in is not reported (nor printed) again. */
    @Test
    void aStoredRequestHandledAgainInItsSlotIsNotReportedAgain() {
        Tree tree = Tree.root(2);
        tree.offer(Frames.origin("a1"));
        tree.offer(Frames.origin("a2")); // two candidates: the node is full
        tree.offer(Frames.origin("b1"));
        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.STORE);
        int before = tree.events(NodeEvent.JoinRequestHandled.class).size();
        for (int i = 0; i < 10; i++) {
            tree.node.setMaxDegree(2); // each handles the stored requests again
        }
        assertThat(tree.events(NodeEvent.JoinRequestHandled.class)).hasSize(before);
        assertThat(tree.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    }

    /** Finding 1: a child whose reports pass the subtree's bound (phantom children) is closed, and named once. */
    @Test
    void aChildWhoseReportsNamePhantomChildrenIsClosed() {
        Tree tree = Tree.root(3);
        ScriptedNetwork.Link good = genetChild(tree, "b1901", "111111");
        ScriptedNetwork.Link hostile = genetChild(tree, "b1902", "222222");
        for (int r = 0; r < 10 && !hostile.closed(); r++) { // frames of 8 nodes of 1,024 children each
            ObjectNode report = Extensions.payload(Extensions.REPORT);
            report.put("seq", r).put("full", r == 0).put("top", "222222");
            ArrayNode nodes = report.putArray("nodes");
            for (int i = 0; i < 8; i++) {
                ObjectNode n = nodes.addObject().put("id", r + i == 0 ? "222222" : "h" + r + "-" + i).put("impl", "java")
                        .put("maxDegree", 1024);
                ObjectNode children = n.putObject("children");
                for (int slot = 0; slot < 1024; slot++) {
                    children.put(Integer.toString(slot), "g" + r + "-" + i + "-" + slot);
                }
            }
            hostile.listener.onMessage(Wire.dataFrame(report));
        }
        assertThat(hostile.closed()).isTrue();
        assertThat(tree.node.childrenNb()).isEqualTo(1);
        assertThat(tree.events(NodeEvent.ChildError.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("over " + Reports.MAX_SUBTREE_NODES + " nodes"));
        assertThat(good.closed()).isFalse();
        tree.clock.advance(1_000);
        assertThat(tree.node.topology().size()).isEqualTo(2); // the root and its good child
    }

    @Test
    void aChildSendingReportsFasterThanItsBoundIsClosed() {
        Tree tree = Tree.root(3);
        tree.node.setBounds(NodeBounds.DEFAULT.withExtensionBytes(10_000, 20_000));
        ScriptedNetwork.Link child = genetChild(tree, "b1901", "111111");
        int sent = 0;
        while (!child.closed() && sent < 1_000) {
            ObjectNode report = Extensions.payload(Extensions.REPORT);
            report.put("seq", sent).put("full", true).put("top", "111111");
            report.putArray("nodes").addObject().put("id", "111111").put("impl", "java").put("name", "x".repeat(60));
            child.listener.onMessage(Wire.dataFrame(report));
            sent++;
        }
        assertThat(child.closed()).isTrue();
        assertThat(sent).isBetween(100, 200); // 20,000 bytes of reports of about 150 bytes, at once
        assertThat(tree.events(NodeEvent.ChildError.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("bytes of reports and join records a second"));
    }

    /** Finding 4: a child's hello cannot take this node's own id, nor its report another node's place. */
    @Test
    void aChildCannotTakeThisNodesIdNorReportAnotherNodesSubtree() {
        Tree tree = Tree.root(3);
        String origin = Frames.origin("b1904");
        tree.network.genetOrigins.add(origin);
        tree.connectChild(origin);
        ScriptedNetwork.Link link = tree.network.answerTo(origin);
        link.listener.onMessage(hello(tree.node.id(), 1));
        assertThat(link.closed()).isTrue();
        assertThat(tree.events(NodeEvent.ChildError.class)).singleElement()
                .satisfies(e -> assertThat(e.channel().label()).isNotEqualTo(tree.node.id()));

        genetChild(tree, "b1902", "333333");
        ScriptedNetwork.Link liar = genetChild(tree, "b1903", "444444");
        ObjectNode report = Extensions.payload(Extensions.REPORT);
        report.put("seq", 0).put("full", true).put("top", "333333"); // its sibling's id
        report.putArray("nodes").addObject().put("id", "333333").put("impl", "java");
        liar.listener.onMessage(Wire.dataFrame(report));
        assertThat(liar.closed()).isTrue();
        assertThat(tree.node.childrenNb()).isEqualTo(1);
    }

    @Test
    void namesFromAHelloAreCleanedAndADepthIsClamped() {
        Tree tree = new Tree(2);
        joined(tree, "555555", Integer.MAX_VALUE);
        assertThat(tree.node.depth()).isEqualTo(NodeBounds.DEFAULT.maxDepth() + 1);
        Tree root = Tree.root(2);
        String origin = Frames.origin("b1904");
        root.network.genetOrigins.add(origin);
        Channel child = root.connectChild(origin);
        root.network.answerTo(origin).listener.onMessage(data("{\"genet\":\"hello\",\"v\":1,\"id\":\"666666\","
                + "\"name\":\"\\u001b[2J\\u001b[Hroot\\n12:00:00.000  child-connect     fake\\u202e\",\"impl\":\"app\\r\"}"));
        assertThat(child.name()).doesNotContain("\u001b", "\n", "\u202e").startsWith("\\x1b[2J");
        assertThat(child.impl()).isEqualTo("app\\x0d");
        assertThat(EventText.detail(root.events(NodeEvent.Hello.class).get(0))).doesNotContain("\n", "\u001b");
    }

    /** Finding 4: a hostile parent cannot fill its child with forged requests, nor pass them faster than its bound. */
    @Test
    void aParentPassingJoinRequestsFasterThanItsBoundIsClosed() {
        Tree tree = new Tree(2);
        tree.node.setBounds(NodeBounds.DEFAULT.withParentRequests(100, 500));
        ScriptedNetwork.Link parent = joined(tree, "555555", 0);
        for (int i = 0; i < 2_000 && !parent.closed(); i++) {
            parent.listener.onMessage(Frames.joinRequest(Frames.origin(String.format("f%05x", i)), Frames.OFFER, 0));
        }
        assertThat(parent.closed()).isTrue();
        assertThat(tree.events(NodeEvent.ParentError.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("over 100 join requests a second"));
        assertThat(tree.node.storedRequests().values().stream().mapToInt(Integer::intValue).sum())
                .isLessThanOrEqualTo(500);
        assertThat(tree.node.isRejoining()).isTrue();
    }

    @Test
    void aParentSendingAFrameOverTheLimitIsClosed() {
        Tree tree = new Tree(2);
        ScriptedNetwork.Link parent = joined(tree, "555555", 0);
        parent.listener.onMessage(data("\"" + "x".repeat(Node.MAX_FRAME_CHARS) + "\""));
        assertThat(parent.closed()).isTrue();
        assertThat(tree.events(NodeEvent.ParentError.class)).hasSize(1);
    }

    @Test
    void joinRecordsOfNodesOutsideTheChildsSubtreeAreDropped() {
        Tree tree = Tree.root(3);
        JoinRecords records = JoinRecords.attach(tree.node);
        ScriptedNetwork.Link a = genetChild(tree, "b1901", "111111");
        genetChild(tree, "b1902", "222222");
        ObjectNode joins = Extensions.payload(JoinRecords.KIND);
        ArrayNode list = joins.putArray("records");
        for (String node : List.of("111111", "222222", tree.node.id())) {
            list.addObject().put("node", node).put("origin", Frames.origin("99")).put("maxDegree", 3).put("first", 0)
                    .put("outcome", "pending").putArray("steps");
        }
        a.listener.onMessage(Wire.dataFrame(joins));
        assertThat(records.records()).filteredOn(r -> r.origin().equals(Frames.origin("99")))
                .extracting(JoinRecord::node).containsExactly("111111");
    }
}
