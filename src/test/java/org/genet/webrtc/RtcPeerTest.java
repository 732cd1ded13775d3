package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.genet.overlay.SignalKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real WebRTC peers in this JVM, signaling to each other directly. */
class RtcPeerTest {
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    /** Records a peer's events. */
    static final class Events implements RtcPeer.Listener {
        final BlockingQueue<JsonNode> signals = new LinkedBlockingQueue<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final List<JsonNode> sent = new ArrayList<>();
        Consumer<JsonNode> relay = s -> { };

        @Override
        public void onSignal(JsonNode signal) {
            sent.add(signal);
            relay.accept(signal);
        }

        @Override
        public void onConnect() {
            events.add("connect");
        }

        @Override
        public void onData(String text) {
            events.add("data:" + text);
        }

        @Override
        public void onClose() {
            events.add("close");
        }

        @Override
        public void onError(String reason) {
            events.add("error:" + reason);
        }

        String next() throws InterruptedException {
            String event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an event within 10 s").isNotNull();
            return event;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
        WebRtc.shutdown();
    }

    @Test
    void twoPeersConnectAndExchangeTextBothWays() throws Exception {
        Events a = new Events();
        Events b = new Events();
        RtcPeer[] peers = new RtcPeer[2];
        a.relay = s -> peers[1].signal(s);
        b.relay = s -> peers[0].signal(s);
        loop.submit(() -> {
            peers[1] = new RtcPeer(false, loop, b);
            peers[0] = new RtcPeer(true, loop, a);
        }).get();
        assertThat(a.next()).isEqualTo("connect");
        assertThat(b.next()).isEqualTo("connect");
        // the joiner labels its channel as a Genet node (docs/EXTENSIONS.md); the answerer reads it
        assertThat(peers[1].channelLabel()).matches("genet/1:[0-9a-f]{40}").isEqualTo(peers[0].channelLabel());
        assertThat(org.genet.overlay.Extensions.isGenetLabel(peers[1].channelLabel())).isTrue();
        peers[0].send("héllo ✓");
        assertThat(b.next()).isEqualTo("data:héllo ✓");
        peers[1].send("{\"type\":\"DATA\",\"data\":\"pong\"}");
        assertThat(a.next()).isEqualTo("data:{\"type\":\"DATA\",\"data\":\"pong\"}");

        // simple-peer's signals: the description first, then trickled candidates
        assertThat(SignalKind.of(a.sent.get(0))).isEqualTo(SignalKind.OFFER);
        assertThat(SignalKind.of(b.sent.get(0))).isEqualTo(SignalKind.ANSWER);
        assertThat(a.sent.subList(1, a.sent.size())).allSatisfy(s -> {
            assertThat(SignalKind.of(s)).isEqualTo(SignalKind.CANDIDATE);
            assertThat(s.path("type").asText()).isEqualTo("candidate");
            assertThat(s.path("candidate").has("sdpMid")).isTrue();
            assertThat(s.path("candidate").has("sdpMLineIndex")).isTrue();
        });

        peers[0].close();
        assertThat(b.next()).isEqualTo("close");
        peers[1].close();
        loop.submit(() -> { }).get();
        assertThat(a.events).isEmpty();
        assertThat(WebRtc.openPeers()).isZero();
    }
}
