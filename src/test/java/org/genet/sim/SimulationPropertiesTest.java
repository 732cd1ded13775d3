package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of the join algorithm over many seeded runs of the simulator. */
class SimulationPropertiesTest {

    static Stream<Arguments> shapes() {
        return Stream.of(1, 2, 3, 10).flatMap(maxDegree -> Stream.of(0L, 3L).flatMap(interval ->
                IntStream.rangeClosed(1, 10).mapToObj(seed -> Arguments.of(maxDegree, interval, (long) seed))));
    }

    @ParameterizedTest(name = "maxDegree {0}, interval {1} ms, seed {2}")
    @MethodSource("shapes")
    void everyJoinerJoinsAndNoNodeEverHoldsMoreThanMaxDegree(int maxDegree, long interval, long seed) {
        int nodes = maxDegree == 1 ? 40 : 300;
        SimulationResult r = Simulation.run(Simulation.Options.of(nodes, maxDegree, seed).withInterval(interval));
        assertThat(r.joined()).as("joined").isEqualTo(nodes);
        assertThat(r.connected()).as("connected to the root at the end").isEqualTo(nodes);
        assertThat(r.overloads()).as("times a node held more than maxDegree children plus candidates").isZero();
        assertThat(r.maxLoad()).isLessThanOrEqualTo(maxDegree);
        assertThat(r.maxChildren()).isLessThanOrEqualTo(maxDegree);
        assertThat(r.splitOrigins()).as("origins whose signals reached two answerers").isZero();
        assertThat(r.depthHistogram()[0]).isEqualTo(1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void trickledSignalsAllReachTheSameAnswererEvenWhenTheyComeLate(long seed) {
        // Candidates trickle for up to 400 ms, long after most joiners connected: the late ones
        // travel down the tree and must be dropped, not answered by some other node.
        SimulationResult r = Simulation.run(Simulation.Options.of(300, 2, seed).withGather(400));
        assertThat(r.joined()).isEqualTo(300);
        assertThat(r.splitOrigins()).isZero();
        assertThat(r.dropped()).as("late signals dropped").isPositive();
        assertThat(r.candidates()).as("one candidate per joiner, none for a late signal").isEqualTo(300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void churnDuringJoinsLeavesNoLiveJoinerBehindExceptOrphans(long seed) {
        SimulationResult r = Simulation.run(Simulation.Options.of(300, 3, seed).withInterval(2).withChurn(0.2, 1_000));
        assertThat(r.left()).isPositive();
        assertThat(r.overloads()).isZero();
        assertThat(r.splitOrigins()).isZero();
        assertThat(r.failed()).as("live joiners that never joined").isZero();
        assertThat(r.connected() + r.orphaned() + r.left()).isEqualTo(300);
        assertThat(r.maxChildren()).isLessThanOrEqualTo(3);
    }

    static IntStream seeds() {
        return IntStream.rangeClosed(1, 10);
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        Simulation.Options options = Simulation.Options.of(500, 3, 42).withInterval(1).withChurn(0.1, 500);
        SimulationResult a = Simulation.run(options);
        SimulationResult b = Simulation.run(options);
        assertThat(a.depthHistogram()).isEqualTo(b.depthHistogram());
        assertThat(a.virtualMs()).isEqualTo(b.virtualMs());
        assertThat(a.joinMsP95()).isEqualTo(b.joinMsP95());
        assertThat(a.delegated()).isEqualTo(b.delegated());
        SimulationResult c = Simulation.run(Simulation.Options.of(500, 3, 43).withInterval(1).withChurn(0.1, 500));
        assertThat(c.delegated()).isNotEqualTo(a.delegated());
    }

    @Test
    void aLargeTreeIsNearlyBreadthFirst() {
        // The Genet paper reports that at least 83% of nodes sit at the depth of a breadth-first tree.
        for (int maxDegree : new int[] {2, 3, 10}) {
            SimulationResult r = Simulation.run(Simulation.Options.of(10_000, maxDegree, 1));
            assertThat(r.joined()).isEqualTo(10_000);
            assertThat(r.sameDepthFraction()).as("maxDegree " + maxDegree).isGreaterThanOrEqualTo(0.83);
        }
    }

    @Test
    void joinersThatTimeOutTryAgainAndAllGetIn() {
        // Hops of 20 ms make a join take about as long as the 600 ms request timeout: first
        // attempts fail, stale requests must not keep the places their joiners gave up on.
        SimulationResult r = Simulation.run(Simulation.Options.of(100, 2, 5).withRequestTimeout(600).withLatency(20, 5));
        assertThat(r.retries()).isPositive();
        assertThat(r.joined()).isEqualTo(100);
        assertThat(r.overloads()).isZero();
        assertThat(r.splitOrigins()).isZero();
    }
}
