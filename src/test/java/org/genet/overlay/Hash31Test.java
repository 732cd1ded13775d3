package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test vectors of PROTOCOL.md section 5, computed with the original code. */
class Hash31Test {

    @ParameterizedTest
    @CsvSource({"0, 1800296743", "1, 881230262", "42, 1128512368", "123456, 1592311484",
            "2147483647, 2120532354", "3000000000, 1074109410"})
    void hashMatchesTheOriginal(long v, int expected) {
        assertThat(Hash31.hash31((int) v)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"a3f9c200000000000000000000000000, 123456, 10, 7",
            "000000ffffffffffffffffffffffffff, 1, 2, 0",
            "ffffff00000000000000000000000000, 999999, 10, 9",
            "7c1e44deadbeefdeadbeefdeadbeef00, 42, 3, 1",
            "0f0f0f11111111111111111111111111, 654321, 7, 2"})
    void delegateSlotMatchesTheOriginal(String origin, String nodeId, int maxDegree, int slot) {
        assertThat(Hash31.delegateSlot(origin, nodeId, maxDegree)).isEqualTo(slot);
    }

    @Test
    void nodeIdsAreAtMostSixDecimalDigits() {
        Random random = new Random(1);
        for (int i = 0; i < 1_000; i++) {
            String id = Hash31.newNodeId(random);
            assertThat(id).matches("[0-9]{1,6}");
        }
    }

    @Test
    void hashIsNeverNegative() {
        Random random = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            assertThat(Hash31.hash31(random.nextInt())).isNotNegative();
        }
    }
}
