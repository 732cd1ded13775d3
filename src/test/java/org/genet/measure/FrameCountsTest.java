package org.genet.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.genet.overlay.Extensions;
import org.genet.overlay.JoinRecords;
import org.genet.overlay.TreeInfo;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/** Frames are told apart by what the nodes really write. */
class FrameCountsTest {

    @Test
    void channelFramesAreCountedByTheirExtensionKind() throws Exception {
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(Extensions.KEEPALIVE)))).isEqualTo(FrameCounts.Kind.KEEPALIVE);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(Extensions.HELLO)))).isEqualTo(FrameCounts.Kind.HELLO);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(Extensions.REPORT)))).isEqualTo(FrameCounts.Kind.REPORT);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(Extensions.PING)))).isEqualTo(FrameCounts.Kind.PING);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(Extensions.PONG)))).isEqualTo(FrameCounts.Kind.PONG);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(TreeInfo.KIND)))).isEqualTo(FrameCounts.Kind.TREE_INFO);
        assertThat(FrameCounts.channelKind(Wire.dataFrame(Extensions.payload(JoinRecords.KIND)))).isEqualTo(FrameCounts.Kind.JOIN_RECORDS);
        assertThat(FrameCounts.channelKind(Wire.dataFrame("ping"))).as("the app's own data").isEqualTo(FrameCounts.Kind.DATA);
        JsonNode offer = Wire.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        assertThat(FrameCounts.channelKind(Wire.joinRequest("ab12", offer, 0).wire())).isEqualTo(FrameCounts.Kind.DELEGATED_JOIN_REQUEST);
    }

    @Test
    void signalsAreJoinRequestsUntilTheyHaveADestinationThenDescriptionsOrCandidates() throws Exception {
        JsonNode offer = Wire.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        JsonNode candidate = Wire.parse("{\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\"}}");
        FrameCounts.Snapshot before = FrameCounts.snapshot();
        String toRoot = Wire.signalMessage(null, null, offer, 0);
        FrameCounts.countSignal(true, toRoot);
        FrameCounts.countSignal(false, Wire.signalMessage(null, "cd34", offer, 1));
        FrameCounts.countSignal(false, Wire.signalMessage(null, "cd34", candidate, 2));
        FrameCounts.Snapshot counted = FrameCounts.snapshot().minus(before);
        assertThat(counted.frames(FrameCounts.Kind.JOIN_REQUEST)).isGreaterThanOrEqualTo(1);
        assertThat(counted.bytes(FrameCounts.Kind.JOIN_REQUEST)).isGreaterThanOrEqualTo(toRoot.length());
        assertThat(counted.frames(FrameCounts.Kind.SIGNAL_SDP)).isGreaterThanOrEqualTo(1);
        assertThat(counted.frames(FrameCounts.Kind.SIGNAL_CANDIDATE)).isGreaterThanOrEqualTo(1);
        assertThat(counted.perJoin(1, false)).containsKeys("joinRequests", "signalsSdp", "signalsCandidate");
    }
}
