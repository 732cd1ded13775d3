package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.genet.overlay.JoinRecord.Action;
import org.genet.overlay.JoinRecord.Outcome;
import org.genet.overlay.JoinRecord.Step;
import org.junit.jupiter.api.Test;

/** Join records of one node on a scripted network: each decision with its slot, child and outcome. */
class JoinRecordsTest {

    /** The join records of the test's root. */
    private JoinRecords records;

    /** A root of {@code maxDegree} slots that keeps join records. */
    private Tree root(int maxDegree) {
        Tree tree = Tree.root(maxDegree);
        records = JoinRecords.attach(tree.node);
        return tree;
    }

    private JoinRecord recordOf(String origin) {
        return records.records().stream().filter(r -> r.origin().equals(origin)).findFirst()
                .orElseThrow(() -> new AssertionError("no record of " + origin));
    }

    @Test
    void aCandidateIsRecordedWithItsSignalsAndConnectsAfterItsTime() {
        Tree tree = root(2);
        String origin = Frames.origin("a1");
        tree.offer(origin);
        tree.clock.advance(5);
        tree.fromServer(origin, Frames.CANDIDATE);
        tree.fromServer(origin, Frames.CANDIDATE);
        JoinRecord pending = recordOf(origin);
        assertThat(pending.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(pending.node()).isEqualTo(tree.node.id());
        assertThat(pending.steps()).extracting(Step::action).containsExactly(Action.CANDIDATE, Action.SIGNAL_CANDIDATE);
        assertThat(pending.steps().get(0).signals()).containsEntry("offer", 1);
        assertThat(pending.steps().get(1).signals()).containsEntry("candidate", 2);
        assertThat(pending.steps().get(1).atMs()).isEqualTo(5);
        tree.clock.advance(37);
        tree.network.answerTo(origin).listener.onOpen();
        JoinRecord connected = recordOf(origin);
        assertThat(connected.outcome()).isEqualTo(Outcome.CONNECTED);
        assertThat(connected.outcomeAfterMs()).isEqualTo(42);
        JoinPath path = records.paths().get(0);
        assertThat(path.finalParent()).isEqualTo(tree.node.id());
        assertThat(path.depth()).isEqualTo(1);
        assertThat(path.connectMs()).isEqualTo(42);
    }

    @Test
    void aDelegatedRequestNamesItsHashSlotAndChild() {
        Tree tree = root(2);
        tree.connectChild(Frames.origin("a0"));
        Channel one = tree.connectChild(Frames.origin("a1"));
        String origin = tree.offerFor(1, "b");
        tree.fromServer(origin, Frames.CANDIDATE);
        JoinRecord r = recordOf(origin);
        assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
        assertThat(r.steps()).hasSize(2); // the offer, then its candidate following the route
        Step first = r.steps().get(0);
        assertThat(first.action()).isEqualTo(Action.DELEGATE);
        assertThat(first.hashSlot()).isEqualTo(1).isEqualTo(Hash31.delegateSlot(origin, tree.node.id(), 2));
        assertThat(first.slot()).isEqualTo(1);
        assertThat(first.child()).isEqualTo(EventText.short6(one.id()));
        assertThat(r.steps().get(1).child()).isEqualTo(first.child());
        long hash = Hash31.hash31(Integer.parseInt(origin.substring(0, 6), 16) ^ Integer.parseInt(tree.node.id()));
        assertThat(JoinPath.arithmetic(r, first)).isEqualTo("hash31(" + origin.substring(0, 6) + ", "
                + tree.node.id() + ") = " + hash + ", mod 2 = 1, child " + EventText.short6(one.id()));
    }

    @Test
    void aStoredRequestRecordsItsWaitThenItsDelegation() {
        Tree tree = root(2);
        tree.connectChild(Frames.origin("a0")); // slot 0
        tree.offer(Frames.origin("a1")); // a candidate holds the second place
        String origin = tree.offerFor(1, "b");
        JoinRecord waiting = recordOf(origin);
        assertThat(waiting.steps()).extracting(Step::action).containsExactly(Action.STORE);
        assertThat(waiting.steps().get(0).hashSlot()).isEqualTo(1);
        assertThat(waiting.steps().get(0).waitedMs()).isEqualTo(-1);
        assertThat(waiting.outcome()).isEqualTo(Outcome.PENDING);
        tree.clock.advance(120);
        tree.network.answerTo(Frames.origin("a1")).listener.onOpen(); // fills slot 1: the stored request goes there
        JoinRecord r = recordOf(origin);
        assertThat(r.steps()).extracting(Step::action).containsExactly(Action.STORE, Action.DELEGATE);
        assertThat(r.steps().get(0).waitedMs()).isEqualTo(120);
        Step delegate = r.steps().get(1);
        assertThat(delegate.replay()).isTrue();
        assertThat(delegate.slot()).isEqualTo(1);
        assertThat(delegate.child()).isEqualTo(EventText.short6(Frames.origin("a1")));
        assertThat(r.outcome()).isEqualTo(Outcome.DELEGATED);
        assertThat(JoinPath.describe(r)).contains("store in slot 1 for 120 ms").contains("delegate (hash31(");
    }

    @Test
    void aStoredRequestThatRunsOutOfTimeExpires() {
        Tree tree = root(2);
        tree.offers("a1", "a2");
        String origin = Frames.origin("b1");
        tree.offer(origin);
        tree.clock.advance(Tree.TIMEOUT);
        JoinRecord r = recordOf(origin);
        assertThat(r.outcome()).isEqualTo(Outcome.EXPIRED);
        assertThat(r.steps()).extracting(Step::action).containsExactly(Action.STORE, Action.EXPIRE);
        assertThat(r.steps().get(0).waitedMs()).isPositive();
        assertThat(records.paths()).filteredOn(p -> p.origin().equals(origin)).singleElement()
                .satisfies(p -> assertThat(p.failed()).isTrue());
        // the two candidates expired too
        assertThat(recordOf(Frames.origin("a1")).outcome()).isEqualTo(Outcome.EXPIRED);
    }

    @Test
    void aRequestForAnEmptySlotIsRedirectedToTheNextChild() {
        Tree tree = root(4);
        Channel[] children = tree.connectChildren(4);
        tree.node.setMaxDegree(2);
        children[0].destroy();
        children[1].destroy();
        String origin = tree.offerFor(1, "b");
        Step step = recordOf(origin).steps().get(0);
        assertThat(step.action()).isEqualTo(Action.REDIRECT);
        assertThat(step.hashSlot()).isEqualTo(1);
        assertThat(step.slot()).isEqualTo(2);
        assertThat(step.child()).isEqualTo(EventText.short6(children[2].id()));
        assertThat(JoinPath.arithmetic(recordOf(origin), step)).contains("mod 2 = 1, empty: next child in slot 2");
    }

    @Test
    void aLateSignalOfAConnectedJoinerIsRecordedAsLate() {
        Tree tree = root(2);
        String origin = Frames.origin("a1");
        tree.connectChild(origin);
        tree.fromServer(origin, Frames.CANDIDATE);
        JoinRecord r = recordOf(origin);
        assertThat(r.steps()).extracting(Step::action).containsExactly(Action.CANDIDATE, Action.LATE);
        assertThat(r.outcome()).isEqualTo(Outcome.CONNECTED); // a late signal changes no outcome
        String stray = Frames.origin("c1");
        tree.fromServer(stray, Frames.CANDIDATE);
        assertThat(recordOf(stray).outcome()).isEqualTo(Outcome.DROPPED);
        assertThat(recordOf(stray).steps().get(0).action()).isEqualTo(Action.LATE);
    }

    @Test
    void aFailedCandidateIsRecordedAsFailedWithItsReason() {
        Tree tree = root(2);
        String origin = Frames.origin("a1");
        tree.candidate(origin).listener.onError("ICE failed");
        JoinRecord r = recordOf(origin);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).isEqualTo("ICE failed");
    }

    @Test
    void aNodeKeepsItsLatestOriginsAndDropsTheOldestFinishedFirst() {
        Tree tree = root(1);
        String pending = Frames.origin("ffff");
        tree.offer(pending); // the one candidate: pending until the timeout
        for (int i = 0; i < JoinRecords.MAX_OWN + 10; i++) {
            tree.fromServer(Frames.origin(String.format("%05x", i)), Frames.CANDIDATE); // dropped: no offer
        }
        List<JoinRecord> held = records.records();
        assertThat(held).hasSize(JoinRecords.MAX_OWN);
        assertThat(held).extracting(JoinRecord::origin).contains(pending, Frames.origin(String.format("%05x", JoinRecords.MAX_OWN + 9)))
                .doesNotContain(Frames.origin("00000"));
    }

    @Test
    void recordsSurviveTheirJsonAndBadOnesAreRefused() throws Exception {
        Tree tree = root(2);
        tree.connectChild(Frames.origin("a0"));
        tree.offer(Frames.origin("a1"));
        String origin = tree.offerFor(1, "b");
        tree.clock.advance(10);
        tree.network.answerTo(Frames.origin("a1")).listener.onOpen();
        for (JoinRecord r : records.records()) {
            assertThat(JoinRecord.fromJson(Wire.parse(r.toJson().toString()))).isEqualTo(r);
        }
        for (String bad : List.of("[]", "{\"node\":\"1\"}", "{\"node\":\"1\",\"origin\":\"abcdef\",\"outcome\":\"won\"}",
                "{\"node\":\"1\",\"origin\":\"abcdef\",\"outcome\":\"pending\",\"steps\":[{\"action\":\"teleport\"}]}",
                "{\"node\":\"1\",\"origin\":\"abcdef\",\"outcome\":\"pending\",\"steps\":[{\"action\":\"delegate\",\"slot\":5000}]}",
                "{\"node\":\"" + "9".repeat(30) + "\",\"origin\":\"abcdef\",\"outcome\":\"pending\"}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JoinRecord.fromJson(Wire.parse(bad)))
                    .isInstanceOf(WireException.class);
        }
    }
}
