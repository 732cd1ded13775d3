package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a link got through, from the two candidate types of its selected pair. */
class CandidatePairTest {

    @Test
    void aRelayOnEitherSideIsARelayedLinkAMappedAddressANatOneTheRestDirect() {
        assertThat(CandidatePair.linkOf("host", "host")).isEqualTo("direct");
        assertThat(CandidatePair.linkOf("srflx", "host")).isEqualTo("nat");
        assertThat(CandidatePair.linkOf("host", "prflx")).isEqualTo("nat");
        assertThat(CandidatePair.linkOf("prflx", "relay")).isEqualTo("relay");
        assertThat(CandidatePair.linkOf("relay", "srflx")).isEqualTo("relay");
        assertThat(CandidatePair.linkOf(null, null)).isNull();
        assertThat(new CandidatePair("srflx", "srflx", 3.0).describe()).isEqualTo("nat (srflx to srflx), 3.0 ms");
        assertThat(CandidatePair.isLink("relay")).isTrue();
        assertThat(CandidatePair.isLink("<script>")).isFalse();
        assertThat(new CandidatePair("host", "prflx", Double.NaN).isGuess()).as("peer-reflexive: maybe replaced").isTrue();
        assertThat(new CandidatePair("srflx", "host", 1.0).isGuess()).isFalse();
    }

    /** A report's link is one of the three words, or nothing: anything else a child sends is dropped. */
    @Test
    void aReportedLinkIsReadOnlyIfItIsOneOfTheThree() throws Exception {
        var good = Wire.json().readTree("{\"id\":\"123456\",\"impl\":\"java\",\"link\":\"relay\"}");
        var bad = Wire.json().readTree("{\"id\":\"123456\",\"impl\":\"java\",\"link\":\"" + "x".repeat(10_000) + "\"}");
        assertThat(Reports.decode(good).link()).isEqualTo("relay");
        assertThat(Reports.decode(bad).link()).isNull();
        assertThat(Reports.encode(Reports.decode(good)).path("link").asText()).isEqualTo("relay");
    }
}
