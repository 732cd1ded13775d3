package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SameDepthFractionTest {

    @Test
    void aBreadthFirstTreeScoresOne() {
        assertThat(SimulationResult.sameDepthFraction(new int[] {1, 10, 100, 5}, 10)).isEqualTo(1.0);
        assertThat(SimulationResult.sameDepthFraction(new int[] {1, 2, 4, 8, 1}, 2)).isEqualTo(1.0);
    }

    @Test
    void nodesDeeperThanNeededAreCountedOut() {
        // 7 nodes with maxDegree 2: breadth-first is 1, 2, 4. A chain of 7 matches 1 + 1 + 1.
        assertThat(SimulationResult.sameDepthFraction(new int[] {1, 1, 1, 1, 1, 1, 1}, 2)).isCloseTo(3 / 7.0, within(1e-9));
        // 1, 2, 3, 1: level 2 holds 3 of its 4, the one at depth 3 is out.
        assertThat(SimulationResult.sameDepthFraction(new int[] {1, 2, 3, 1}, 2)).isCloseTo(6 / 7.0, within(1e-9));
    }

    @Test
    void anEmptyTreeScoresZero() {
        assertThat(SimulationResult.sameDepthFraction(new int[] {0}, 3)).isZero();
    }
}
