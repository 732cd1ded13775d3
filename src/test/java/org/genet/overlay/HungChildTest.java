package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.overlay.NodeEvent.Decision;
import org.junit.jupiter.api.Test;

/**
 * A child whose loop hangs while its WebRTC lives answers the transport's checks, so only its
 * silence shows it. Alive, a Genet child leaves at most three eighths of its parent's bound
 * silent; past half of it, a join request delegated to it would wait out its timeout (the chaos
 * freeze scenario: an orphan's rejoin sent into the frozen node took 5 s more to repair). The
 * parent delegates past such a child to one heard from; with none, the slot's child keeps it as
 * before (stored instead, requests outlived their joiners and, answered once the cut freed the
 * slot, blocked it as stale candidates: SelfRepairTest's orphan could not come back).
 */
class HungChildTest {
    private static final long BOUND = 400;

    private static String hello(String id) {
        return "{\"type\":\"DATA\",\"data\":{\"genet\":\"hello\",\"v\":1,\"id\":\"" + id
                + "\",\"impl\":\"java\",\"maxDegree\":2,\"keepalive\":" + BOUND + "}}";
    }

    private static final String KEEPALIVE = "{\"type\":\"DATA\",\"data\":{\"genet\":\"keepalive\",\"v\":1}}";

    /** A root of {@code maxDegree} with {@code n} children that speak Genet and said hello. */
    private static Channel[] genetChildren(Tree tree, int n) {
        tree.node.setKeepaliveBound(BOUND);
        Channel[] children = new Channel[n];
        for (int i = 0; i < n; i++) {
            String origin = Frames.origin("c" + i);
            tree.network.genetOrigins.add(origin);
            children[i] = tree.connectChild(origin);
            tree.network.answerTo(origin).listener.onMessage(hello("10000" + i));
        }
        return children;
    }

    @Test
    void aJoinRequestGoesPastAChildSilentForOverHalfTheBound() {
        Tree tree = Tree.root(2);
        Channel[] children = genetChildren(tree, 2);
        // the child in slot 1 keeps talking; the one in slot 0 goes silent
        for (long t = 0; t <= BOUND / 2 + BOUND / 8; t += BOUND / 8) {
            tree.network.answerTo(children[1].id()).listener.onMessage(KEEPALIVE);
            tree.clock.advance(BOUND / 8);
        }
        assertThat(tree.node.childrenNb()).as("not cut yet: within the bound").isEqualTo(2);

        String origin = tree.originFor(0, "b");
        tree.offer(origin);

        NodeEvent.JoinRequestHandled handled = tree.lastDecision();
        assertThat(handled.decision()).isEqualTo(Decision.DELEGATE);
        assertThat(handled.slot()).as("the child heard from takes it").isEqualTo(1);
        assertThat(handled.reason()).contains("slot 0 is silent");
        assertThat(tree.network.answerTo(children[1].id()).sent).anyMatch(f -> f.contains(origin));
        assertThat(tree.network.answerTo(children[0].id()).sent).noneMatch(f -> f.contains(origin));
    }

    @Test
    void theJoinRecordsSayTheRequestWentPastASilentChildNotPastAnEmptySlot() {
        Tree tree = Tree.root(2);
        JoinRecords records = JoinRecords.attach(tree.node);
        Channel[] children = genetChildren(tree, 2);
        for (long t = 0; t <= BOUND / 2 + BOUND / 8; t += BOUND / 8) {
            tree.network.answerTo(children[1].id()).listener.onMessage(KEEPALIVE);
            tree.clock.advance(BOUND / 8);
        }
        String origin = tree.offerFor(0, "b");

        JoinRecord record = records.records().stream().filter(r -> r.origin().equals(origin)).findFirst().orElseThrow();
        JoinRecord.Step step = record.steps().get(0);
        assertThat(step.action()).isEqualTo(JoinRecord.Action.REDIRECT);
        assertThat(step.hashSlot()).isZero();
        assertThat(step.slot()).isEqualTo(1);
        assertThat(JoinPath.arithmetic(record, step)).contains("mod 2 = 0, its child silent: next child heard from in slot 1")
                .doesNotContain("empty");
    }

    @Test
    void withNoChildHeardFromTheSlotsChildKeepsTheRequestAndNothingIsStored() {
        Tree tree = Tree.root(2);
        Channel[] children = genetChildren(tree, 2);
        tree.clock.advance(BOUND / 2 + 1);
        String origin = tree.originFor(1, "b");
        tree.offer(origin);

        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        assertThat(tree.lastDecision().slot()).isEqualTo(1);
        assertThat(tree.lastDecision().reason()).isNull();
        assertThat(tree.network.answerTo(children[1].id()).sent).anyMatch(f -> f.contains(origin));
        assertThat(tree.node.storedRequests()).isEmpty();
    }

    /** Four children, maxDegree then 2, the first two gone: children in slots 2 and 3, slots 0 and 1 empty, no candidate coming. */
    private static Channel[] childrenPastEmptySlots(Tree tree) {
        Channel[] children = genetChildren(tree, 4);
        tree.node.setMaxDegree(2);
        children[0].destroy();
        children[1].destroy();
        return children;
    }

    @Test
    void aRequestForAnEmptySlotGoesToTheNextChildHeardFrom() {
        Tree tree = Tree.root(4);
        Channel[] children = childrenPastEmptySlots(tree);
        for (long t = 0; t <= BOUND / 2 + BOUND / 8; t += BOUND / 8) { // slot 3's child talks, slot 2's is silent
            tree.network.answerTo(children[3].id()).listener.onMessage(KEEPALIVE);
            tree.clock.advance(BOUND / 8);
        }
        tree.offerFor(0, "b");

        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        assertThat(tree.lastDecision().slot()).as("past slot 2, whose child is silent").isEqualTo(3);
        assertThat(tree.lastDecision().reason()).isEqualTo("slot 0 is empty");
    }

    @Test
    void aRequestForAnEmptySlotWithEveryChildSilentGoesToTheNextChildAsBefore() {
        Tree tree = Tree.root(4);
        childrenPastEmptySlots(tree);
        tree.clock.advance(BOUND / 2 + 1);
        tree.offerFor(0, "b");

        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        assertThat(tree.lastDecision().slot()).isEqualTo(2);
        assertThat(tree.node.storedRequests()).isEmpty();
    }

    @Test
    void aChildHeardAgainTakesItsRequestsAgain() {
        Tree tree = Tree.root(2);
        Channel[] children = genetChildren(tree, 2);
        tree.clock.advance(BOUND / 2 + 1);
        tree.network.answerTo(children[0].id()).listener.onMessage(KEEPALIVE); // back: a long pause, not a hang
        String origin = tree.originFor(0, "b");
        tree.offer(origin);

        assertThat(tree.lastDecision().decision()).isEqualTo(Decision.DELEGATE);
        assertThat(tree.lastDecision().slot()).isZero();
    }
}
