package org.genet.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeasuresTest {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Measures.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Measures.percentile(sorted, 95)).isEqualTo(10);
        assertThat(Measures.percentile(sorted, 1)).isEqualTo(1);
        assertThat(Measures.max(sorted)).isEqualTo(10);
        assertThat(Measures.percentile(new long[0], 50)).isEqualTo(-1);
        assertThat(Measures.max(new long[0])).isEqualTo(-1);
    }

    @Test
    void thisProcessHasAResidentSize() {
        long self = ProcessHandle.current().pid();
        assertThat(Measures.rss(self)).isGreaterThan(10_000_000L);
        assertThat(Measures.peakRss(self)).isGreaterThanOrEqualTo(Measures.rss(self) / 2);
        assertThat(Measures.rss(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
