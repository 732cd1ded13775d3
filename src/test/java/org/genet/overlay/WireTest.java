package org.genet.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireTest {
    private static final String ORIGIN = Frames.origin("a410d2db");

    @Test
    void dataFrameIsWrittenAsTheOriginalDoes() {
        assertThat(Wire.dataFrame("ping")).isEqualTo("{\"type\":\"DATA\",\"data\":\"ping\"}");
        assertThat(Wire.dataFrame(null)).isEqualTo("{\"type\":\"DATA\",\"data\":null}");
    }

    @Test
    void signalMessageKeepsTheOriginalsKeyOrder() throws Exception {
        JsonNode signal = Wire.parse(Frames.OFFER);
        assertThat(Wire.signalMessage(null, "fb60", signal, 3))
                .startsWith("{\"origin\":null,\"destination\":\"fb60\",\"signal\":{\"type\":\"offer\"")
                .endsWith(",\"rank\":3}");
    }

    @Test
    void readsData() throws Exception {
        ChannelMessage message = Wire.parseChannelFrame("{\"type\":\"DATA\",\"data\":{\"n\":[1,2]}}");
        assertThat(message).isInstanceOf(ChannelMessage.Data.class);
        assertThat(((ChannelMessage.Data) message).data().path("n").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void readsAJoinRequestAndKeepsItsFrameUnchanged() throws Exception {
        String frame = Frames.joinRequest(ORIGIN, Frames.CANDIDATE, 1);
        JoinRequest request = (JoinRequest) Wire.parseChannelFrame(frame);
        assertThat(request.origin()).isEqualTo(ORIGIN);
        assertThat(request.signalKind()).isEqualTo(SignalKind.CANDIDATE);
        assertThat(request.wire()).isSameAs(frame);
        assertThat(request.signal().path("candidate").path("sdpMid").asText()).isEqualTo("0");
    }

    @Test
    void rootMessageGainsItsTypeLast() throws Exception {
        JoinRequest request = Wire.parseRootMessage(Frames.rootMessage(ORIGIN, Frames.OFFER, 0));
        assertThat(request.isOffer()).isTrue();
        assertThat(request.wire()).isEqualTo(Frames.joinRequest(ORIGIN, Frames.OFFER, 0));
        assertThat(Wire.parse(request.wire()).path("type").asText()).isEqualTo("JOIN-REQUEST");
    }

    @Test
    void rootMessageWithANullTypeGetsItsType() throws Exception {
        String text = "{\"origin\":\"" + ORIGIN + "\",\"type\":null,\"signal\":" + Frames.OFFER + "}";
        JoinRequest request = Wire.parseRootMessage(text);
        assertThat(Wire.parse(request.wire()).path("type").asText()).isEqualTo("JOIN-REQUEST");
    }

    @Test
    void heartbeatIsNoJoinRequest() throws Exception {
        assertThat(Wire.parseRootMessage("\"heartbeat\"")).isNull();
    }

    @Test
    void rootMessageOfAnotherTypeIsRefused() {
        assertThatThrownBy(() -> Wire.parseRootMessage("{\"type\":\"DATA\",\"origin\":\"" + ORIGIN + "\"}"))
                .isInstanceOf(WireException.class).hasMessageContaining("DATA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{\"type\":\"DATA\"", "[1,2]", "42", "\"DATA\"", "null",
            "{\"type\":\"DATA\",\"data\":1} trailing", "{}", "{\"type\":\"PING\"}", "{\"type\":7}"})
    void badFramesAreRefusedWithAReason(String frame) {
        assertThatThrownBy(() -> Wire.parseChannelFrame(frame)).isInstanceOf(WireException.class)
                .hasMessageMatching(".*(JSON|empty|type|object).*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"JOIN-REQUEST\",\"signal\":{}}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":\"xyz123\",\"signal\":{}}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":\"abc\",\"signal\":{}}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":42,\"signal\":{}}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":\"abcdef00\"}",
            "{\"type\":\"JOIN-REQUEST\",\"origin\":\"abcdef00\",\"signal\":\"offer\"}"})
    void joinRequestsNeedAHexOriginAndASignalObject(String frame) {
        assertThatThrownBy(() -> Wire.parseChannelFrame(frame)).isInstanceOf(WireException.class)
                .hasMessageContaining("join request without");
    }

    @Test
    void signalKindsOfBothSimplePeerVersions() throws Exception {
        assertThat(kind(Frames.OFFER)).isEqualTo(SignalKind.OFFER);
        assertThat(kind("{\"type\":\"answer\",\"sdp\":\"v=0\"}")).isEqualTo(SignalKind.ANSWER);
        assertThat(kind(Frames.CANDIDATE)).isEqualTo(SignalKind.CANDIDATE);
        // simple-peer 6 sends candidates without a type
        assertThat(kind("{\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5 typ host\","
                + "\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}")).isEqualTo(SignalKind.CANDIDATE);
        assertThat(kind("{\"candidate\":{\"candidate\":\"\",\"sdpMid\":\"0\"}}")).isEqualTo(SignalKind.END_OF_CANDIDATES);
        assertThat(kind("{\"renegotiate\":true}")).isEqualTo(SignalKind.OTHER);
        assertThat(kind("{\"transceiverRequest\":{\"kind\":\"audio\"}}")).isEqualTo(SignalKind.OTHER);
        assertThat(kind("{\"type\":\"offer\"}")).isEqualTo(SignalKind.OTHER);
    }

    @Test
    void streamingAndTreeReadingsOfASignalAgree() throws Exception {
        for (String signal : new String[] {Frames.OFFER, Frames.CANDIDATE, "{\"renegotiate\":true}",
                "{\"candidate\":{\"candidate\":\"\"}}", "{\"type\":\"answer\",\"sdp\":\"x\"}"}) {
            assertThat(kind(signal)).isEqualTo(SignalKind.of(Wire.parse(signal)));
        }
    }

    private static SignalKind kind(String signal) throws WireException {
        return ((JoinRequest) Wire.parseChannelFrame(Frames.joinRequest(ORIGIN, signal, 0))).signalKind();
    }
}
