package org.genet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.bootstrap.Recorder;
import org.genet.bootstrap.RootConnection;
import org.genet.bootstrap.SignalingSession;
import org.genet.overlay.SignalKind;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/**
 * Our bootstrap server with the original client (npm webrtc-bootstrap 4.4.1, over real WebRTC from
 * @roamhq/wrtc), and our client with the original server.
 */
class BootstrapInteropTest {
    private static final String SECRET = "interop-secret";

    @Test
    void originalRootAndJoinerConnectThroughOurServer() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder(SECRET).build());
        int port = server.startAndWait();
        try (OriginalJs js = new OriginalJs()) {
            OriginalJs.Script root = js.start("original-root.js", "127.0.0.1:" + port, SECRET);
            root.await("root-open");
            OriginalJs.Script joiner = js.start("original-joiner.js", "127.0.0.1:" + port);

            JsonNode offer = root.await("request").path("request");
            assertThat(offer.path("origin").asText()).matches("[0-9a-f]{32}");
            assertThat(offer.get("destination").isNull()).isTrue();
            assertThat(offer.path("rank").asInt()).isZero();
            assertThat(SignalKind.of(offer.path("signal"))).isEqualTo(SignalKind.OFFER);

            joiner.await("connected");
            root.await("connected");
            assertThat(joiner.await("data").path("data").asText()).isEqualTo("hello from the original root");
            assertThat(root.await("data").path("data").asText()).isEqualTo("hello from the original joiner");
            assertThat(server.status().signalsRouted()).isGreaterThanOrEqualTo(2);
        } finally {
            server.close();
        }
    }

    @Test
    void anOriginalJoinersSignalsReachOurRootClientInSimplePeer6Form() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder(SECRET).build());
        int port = server.startAndWait();
        Recorder heard = new Recorder();
        try (OriginalJs js = new OriginalJs();
             BootstrapClient client = new BootstrapClient(BootstrapClient.address("127.0.0.1:" + port))) {
            RootConnection root = client.openRoot(SECRET, heard, Runnable::run);
            OriginalJs.Script joiner = js.start("original-joiner.js", "127.0.0.1:" + port);
            boolean sawOffer = false;
            boolean sawCandidate = false;
            for (int i = 0; i < 20 && !(sawOffer && sawCandidate); i++) {
                JsonNode message = heard.nextSignalMessage(20);
                SignalKind kind = SignalKind.of(message.path("signal"));
                sawOffer |= kind == SignalKind.OFFER && message.path("rank").asInt() == 0;
                if (kind == SignalKind.CANDIDATE) {
                    sawCandidate = true;
                    assertThat(message.path("signal").path("candidate").has("sdpMid")).isTrue();
                }
            }
            assertThat(sawOffer).isTrue();
            assertThat(sawCandidate).isTrue();
            root.close();
            joiner.process.getOutputStream().close();
        } finally {
            server.close();
        }
    }

    @Test
    void ourClientRoutesThroughTheOriginalServer() throws Exception {
        try (OriginalJs js = new OriginalJs()) {
            OriginalJs.Script original = js.start("original-server.js", SECRET);
            int port = original.await("listening").path("port").asInt();
            try (BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port))) {
                Recorder rootHeard = new Recorder();
                RootConnection root = client.openRoot(SECRET, rootHeard, Runnable::run);
                rootHeard.awaitOpen();

                Recorder joinerHeard = new Recorder();
                SignalingSession joiner = client.openSession(null, joinerHeard, Runnable::run, 30_000);
                JsonNode offer = Wire.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
                joiner.send(offer);
                JsonNode atRoot = rootHeard.nextSignalMessage();
                String origin = atRoot.path("origin").asText();
                assertThat(origin).matches("[0-9a-f]{32}");
                assertThat(atRoot.path("signal")).isEqualTo(offer);

                Recorder answererHeard = new Recorder();
                SignalingSession answerer = client.openSession(origin, answererHeard, Runnable::run, 30_000);
                JsonNode answer = Wire.parse("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
                answerer.send(answer);
                assertThat(joinerHeard.nextSignal()).isEqualTo(answer);
                assertThat(joiner.id()).isEqualTo(origin);

                JsonNode candidate = Wire.parse("{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");
                joiner.send(candidate);
                assertThat(answererHeard.nextSignal()).isEqualTo(candidate);
                joiner.close();
                answerer.close();
                root.close();
            }
        }
    }
}
