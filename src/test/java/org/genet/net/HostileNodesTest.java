package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.overlay.Channel;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeBounds;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.Reports;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: hostile Genet nodes over real WebRTC, each a real node that a test speaks for on top
 * ({@link RawLinks}). A hostile child (phantom children in its reports, a hello with the root's
 * id) is closed and the root and its good children go on; a hostile parent (forged join
 * requests, a depth of {@code Integer.MAX_VALUE}) cannot make its child store or believe more
 * than its bounds, and is cut off.
 */
class HostileNodesTest {

    /** A real node of {@code tree} whose links the test may also write to. */
    private static GenetNode rawNode(RealTree tree, int maxDegree, AtomicReference<RawLinks> links) {
        GenetNode node = new GenetNode(tree.client, tree.loops.get(0), new Random(5), maxDegree, 30_000, false, network -> {
            RawLinks raw = new RawLinks(network);
            links.set(raw);
            return raw;
        });
        tree.nodes.add(node);
        return node;
    }

    private static Channel childWithId(GenetNode parent, String nodeId) {
        return parent.children().values().stream().filter(c -> nodeId.equals(c.nodeId())).findFirst().orElse(null);
    }

    /** Finding 1: 13 MB of reports made 1,048,576 unknown nodes at the root, which then ran out of memory. */
    @Test
    void aChildWhoseReportsNamePhantomChildrenIsClosedAndTheTreeGoesOn() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(10);
            GenetNode alice = tree.newNode(10).setName("alice").join();
            RealTree.await(() -> childWithId(root, alice.id()) != null, "alice is the root's child and said hello");
            AtomicReference<RawLinks> links = new AtomicReference<>();
            GenetNode hostile = rawNode(tree, 10, links).join();
            RealTree.await(() -> childWithId(root, hostile.id()) != null, "the hostile node is the root's child");
            for (int r = 0; r < 10 && childWithId(root, hostile.id()) != null; r++) {
                links.get().parentLink().send(NodeAttacks.phantomSubtreeReport(hostile.id(), r));
                Thread.sleep(100);
            }
            RealTree.await(() -> childWithId(root, hostile.id()) == null, "the root closes the hostile child");
            assertThat(tree.rootEvents).filteredOn(e -> e instanceof NodeEvent.ChildError).singleElement()
                    .satisfies(e -> assertThat(((NodeEvent.ChildError) e).reason())
                            .contains("over " + Reports.MAX_SUBTREE_NODES + " nodes"));
            RealTree.await(() -> root.topology().size() == 2 + (root.childrenNb() - 1) * 1,
                    "the root's tree is itself and its good children, no phantoms (now " + root.topology().size() + ")");
            assertThat(childWithId(root, alice.id())).as("alice stays the root's child").isNotNull();
            tree.goodNodeJoins(root);
        }
    }

    /** Finding 4: a child's hello took the root's own id (shown as {@code 207568~2}, impl app). */
    @Test
    void aChildWhoseHelloClaimsTheRootsIdIsClosed() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(10);
            AtomicReference<RawLinks> links = new AtomicReference<>();
            GenetNode hostile = rawNode(tree, 10, links).join();
            RealTree.await(() -> childWithId(root, hostile.id()) != null, "the hostile node is the root's child");
            ObjectNode hello = Extensions.payload(Extensions.HELLO);
            hello.put("id", root.id()).put("name", "\u001b[2Jroot\n12:00:00.000  child-connect     forged").put("impl", "app");
            links.get().parentLink().send(Wire.dataFrame(hello));
            RealTree.await(() -> root.childrenNb() == 0, "the root closes the child that says it is the root");
            assertThat(tree.rootEvents).filteredOn(e -> e instanceof NodeEvent.ChildError).singleElement()
                    .satisfies(e -> assertThat(((NodeEvent.ChildError) e).channel().label()).isNotEqualTo(root.id()));
            // the tree is rebuilt a report delay after a change (Node.DEFAULT_REPORT_DELAY_MS): then it is the root alone
            RealTree.await(() -> root.topology().nodes().keySet().equals(java.util.Set.of(root.id())),
                    "the root's tree is the root alone");
            tree.goodNodeJoins(root);
        }
    }

    /**
     * Finding 4: a hostile parent filled its child with forged requests (119 to 441 MB, 282,779
     * log lines) and gave it a depth of {@code Integer.MAX_VALUE}.
     */
    @Test
    void aHostileParentCannotFillItsChildWithForgedRequestsNorAnEndlessDepth() throws Exception {
        try (RealTree tree = new RealTree()) {
            AtomicReference<RawLinks> links = new AtomicReference<>();
            GenetNode hostileRoot = rawNode(tree, 10, links);
            List<NodeEvent> rootEvents = tree.rootEvents;
            hostileRoot.on(rootEvents::add).becomeRoot(RealTree.SECRET);
            RealTree.await(() -> rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open");
            GenetNode victim = tree.newNode(2).bounds(NodeBounds.DEFAULT.withStored(500, 64L << 20));
            List<NodeEvent> victimEvents = new CopyOnWriteArrayList<>();
            victim.on(victimEvents::add).join();
            RealTree.await(() -> hostileRoot.childrenNb() == 1 && victim.depth() == 1, "the victim is the root's child");

            ObjectNode hello = Extensions.payload(Extensions.HELLO);
            hello.put("id", hostileRoot.id()).put("impl", "java").put("maxDegree", 10).put("depth", Integer.MAX_VALUE);
            links.get().childLink().send(Wire.dataFrame(hello));
            RealTree.await(() -> victim.depth() == NodeBounds.DEFAULT.maxDepth() + 1, "the victim's depth is clamped, not overflowed");

            JsonNode offer = NodeAttacks.realOffer();
            int forged = 0;
            for (; forged < 3_000; forged++) { // under the parent's burst: the stored bound is what holds
                links.get().childLink().send(NodeAttacks.forgedRequest(forged, offer));
                if (forged % 500 == 499) {
                    Thread.sleep(300);
                }
            }
            RealTree.await(() -> stored(victimEvents) + dropped(victimEvents, "stored requests") + candidates(victimEvents)
                    >= 3_000, "the victim handled the forged requests");
            int storedNow = victim.call(n -> n.storedRequests().values().stream().mapToInt(Integer::intValue).sum());
            assertThat(storedNow)
                    .as("requests the victim stores").isEqualTo(500);
            assertThat(victim.candidates()).hasSize(2);
            for (; forged < 20_000 && victim.parent() != null; forged++) { // past its rate: the parent is cut off
                links.get().childLink().send(NodeAttacks.forgedRequest(forged, offer));
                if (forged % 500 == 499) {
                    Thread.sleep(50);
                }
            }
            RealTree.await(() -> victimEvents.stream().anyMatch(e -> e instanceof NodeEvent.ParentError p
                    && p.reason().contains("join requests a second")), "the victim cuts its parent off");
        }
    }

    private static long stored(List<NodeEvent> events) {
        return events.stream().filter(e -> e instanceof NodeEvent.JoinRequestHandled h
                && h.decision() == NodeEvent.Decision.STORE).count();
    }

    private static long candidates(List<NodeEvent> events) {
        return events.stream().filter(e -> e instanceof NodeEvent.CandidateCreate).count();
    }

    private static long dropped(List<NodeEvent> events, String reason) {
        return events.stream().filter(e -> e instanceof NodeEvent.JoinRequestHandled h
                && h.decision() == NodeEvent.Decision.DROP && h.reason() != null && h.reason().contains(reason)).count();
    }
}
