package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Self-repair on real trees: real WebRTC peers and our bootstrap server on 127.0.0.1, in this JVM
 * ({@link Chaos} grows them and checks their shape against the nodes themselves).
 */
class SelfRepairTest {
    private static final long KEEPALIVE_MS = 1_500;

    private static Chaos.Options options(int nodes, long seed) {
        return new Chaos.Options(nodes, 3, 0.1, KEEPALIVE_MS, 5_000, 30_000, seed);
    }

    @AfterAll
    static void shutdown() {
        WebRtc.shutdown();
    }

    @Test
    void killingATenthOfSixtyNodesLosesNone() throws Exception {
        try (Chaos chaos = new Chaos(options(60, 1))) {
            chaos.grow();
            Chaos.Result r = chaos.killScenario();
            assertThat(r.killed()).isEqualTo(6);
            assertThat(r.orphans()).as("the killed nodes had children").isPositive();
            assertThat(r.nodesLost()).isZero();
            assertThat(r.nodesAfter()).isEqualTo(54);
            assertThat(r.noCycle()).isTrue();
            assertThat(r.depthsConsistent()).isTrue();
            assertThat(chaos.shape().healed()).isTrue();
        }
    }
}
