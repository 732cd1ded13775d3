package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The routing of PROTOCOL.md sections 1 and 2, with our server and our client on 127.0.0.1. */
class BootstrapServerTest {
    private static final JsonNode OFFER = ServerFixture.json("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    private static final JsonNode ANSWER = ServerFixture.json("{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}");
    private static final JsonNode CANDIDATE = ServerFixture.json(
            "{\"type\":\"candidate\",\"candidate\":{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5 typ host\","
                    + "\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}");

    @Test
    void aJoinersSignalsReachTheRootWithItsIdAsOrigin() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            SignalingSession joiner = f.session(null, new Recorder());
            joiner.send(OFFER); // queued until the socket is open
            joiner.send(CANDIDATE);
            JsonNode first = root.nextSignalMessage();
            JsonNode second = root.nextSignalMessage();
            assertThat(first.path("origin").asText()).matches("[0-9a-f]{32}");
            assertThat(first.get("destination").isNull()).isTrue();
            assertThat(first.path("signal")).isEqualTo(OFFER);
            assertThat(first.path("rank").asInt()).isZero();
            assertThat(second.path("origin").asText()).isEqualTo(first.path("origin").asText());
            assertThat(second.path("signal")).isEqualTo(CANDIDATE);
            assertThat(second.path("rank").asInt()).isEqualTo(1);
            assertThat(first.fieldNames()).toIterable().containsExactly("origin", "destination", "signal", "rank");
        }
    }

    /**
     * A root is the root from the moment it is told it is: a joiner let in at once, from inside
     * the root's open event, reaches it. (The server once took the root's place only after its
     * answer had gone out, so a joiner served by another thread could find no root and be sent
     * away: seen under load as a good client's offer lost after a hostile test.)
     */
    @Test
    void aJoinerLetInTheMomentTheRootOpensReachesIt() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            for (int i = 0; i < 30; i++) {
                Recorder joinerHears = new Recorder();
                java.util.concurrent.atomic.AtomicReference<SignalingSession> joiner = new java.util.concurrent.atomic.AtomicReference<>();
                Recorder root = new Recorder().whenOpen(() -> {
                    SignalingSession s = f.client.openSession(null, joinerHears, Runnable::run, 30_000);
                    s.send(OFFER);
                    joiner.set(s);
                });
                RootConnection connection = f.client.openRoot(ServerFixture.SECRET, root, Runnable::run);
                root.awaitOpen();
                assertThat(root.nextSignalMessage().path("signal")).as("round " + i).isEqualTo(OFFER);
                assertThat(joinerHears.closes).as("the joiner was not sent away").isEmpty();
                joiner.get().close();
                connection.close();
                ServerFixture.await(() -> !f.server.status().rootConnected(), "the root is gone");
            }
        }
    }

    @Test
    void theAnswererReachesTheJoinerAndTheJoinerThenSkipsTheRoot() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            Recorder joinerHears = new Recorder();
            SignalingSession joiner = f.session(null, joinerHears);
            joiner.send(OFFER);
            String origin = root.nextSignalMessage().path("origin").asText();

            Recorder answererHears = new Recorder();
            SignalingSession answerer = f.session(origin, answererHears);
            answerer.send(ANSWER);
            assertThat(joinerHears.nextSignal()).isEqualTo(ANSWER);
            assertThat(joiner.id()).isEqualTo(origin);
            assertThat(joiner.destination()).matches("[0-9a-f]{32}").isNotEqualTo(origin);

            joiner.send(CANDIDATE);
            assertThat(answererHears.nextSignal()).isEqualTo(CANDIDATE);
            assertThat(root.messages.poll(300, TimeUnit.MILLISECONDS)).as("nothing more for the root").isNull();
            assertThat(f.server.status().signalsRouted()).isEqualTo(3);
        }
    }

    @Test
    void theServerOverwritesAForgedOrigin() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            RawClient joiner = f.rawJoiner("{\"origin\":\"ffffffffffffffffffffffffffffffff\",\"destination\":null,\"signal\":{},\"rank\":0}");
            assertThat(root.nextSignalMessage().path("origin").asText()).isNotEqualTo("ffffffffffffffffffffffffffffffff")
                    .matches("[0-9a-f]{32}");
        }
    }

    @Test
    void theRootGetsAHeartbeat() throws Exception {
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).heartbeatMs(100).build())) {
            Recorder root = new Recorder();
            f.root(root);
            assertThat(root.messages.poll(5, TimeUnit.SECONDS)).isEqualTo("\"heartbeat\"");
        }
    }

    @Test
    void aJoinSocketIsClosedAfterTheTimeout() throws Exception {
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).joinTimeoutMs(300).build())) {
            Recorder hears = new Recorder();
            f.session(null, hears);
            long start = System.nanoTime();
            assertThat(hears.nextClose()).contains("closed by the server").contains("timed out");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
            ServerFixture.await(() -> f.server.status().joinSockets() == 0, "the join socket is gone");
        }
    }

    @Test
    void aSecondRootIsRefusedWhileTheFirstIsConnected() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder first = new Recorder();
            RootConnection root = f.root(first);
            first.awaitOpen();
            Recorder second = new Recorder();
            f.root(second);
            assertThat(second.nextClose()).contains("HTTP 409").contains("a root is already connected");
            root.close();
            ServerFixture.await(() -> !f.server.status().rootConnected(), "the first root is gone");
            Recorder third = new Recorder();
            f.root(third);
            third.awaitOpen();
            assertThat(f.server.status().rootConnected()).isTrue();
        }
    }

    @Test
    void aWrongSecretIsRefusedAtTheHandshake() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = new Recorder();
            f.track(f.client.openRoot("not-the-secret", root, Runnable::run)::close);
            assertThat(root.nextClose()).contains("HTTP 403").contains("wrong secret");
            assertThat(f.server.status().rootConnected()).isFalse();
            assertThat(f.server.status().refused()).isEqualTo(1);
        }
    }

    @Test
    void aJoinerWithoutARootIsToldToTryAgainLater() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder hears = new Recorder();
            SignalingSession joiner = f.session(null, hears);
            joiner.send(OFFER);
            assertThat(hears.nextClose()).contains("no root is connected");
            assertThat(f.server.status().signalsDropped()).isEqualTo(1);
        }
    }

    @Test
    void aRootWhoseHeartbeatsStopIsDroppedThoughItAnswersPings() throws Exception {
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).pingSeconds(1).build())) {
            RawClient root = f.raw("/" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX);
            for (int i = 0; i < 3; i++) { // heartbeats every 300 ms, then none: hung, though pings are answered
                root.send("\"heartbeat\"");
                Thread.sleep(300);
            }
            ServerFixture.await(() -> !f.server.status().rootConnected(), "the hung root is dropped");
            assertThat(root.awaitCloseCode()).isNotZero();
        }
    }

    @Test
    void anUnreachableServerIsReported() throws Exception {
        // Issue 19: this failed once in a full run. The port was one found free, then released:
        // on a shared machine anything may bind it before the client connects (another test's
        // probe for a free port does, for an instant), and the client is then answered or reset
        // instead of refused. Ports.closed() now holds the port bound, never listening.
        int freePort = org.genet.Ports.closed();
        try (BootstrapClient client = new BootstrapClient(BootstrapClient.address("127.0.0.1:" + freePort))) {
            Recorder root = new Recorder();
            client.openRoot("x", root, Runnable::run);
            assertThat(root.nextClose()).contains("cannot reach the server");
            Recorder session = new Recorder();
            client.openSession(null, session, Runnable::run, 30_000);
            assertThat(session.nextClose()).contains("cannot reach the server");
        }
    }

    @Test
    void aClosedPortForTestsIsRefusedAndCannotBeTaken() throws Exception {
        int port = org.genet.Ports.closed();
        try (java.net.Socket s = new java.net.Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000))
                    .isInstanceOf(java.net.ConnectException.class);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
                taken.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            }
        }).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theRootClientReportsAServerGoneSilent() throws Exception {
        // the server's heartbeat comes every 15 s; the root gives up after 400 ms of silence here
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot(10_000, 400);
            assertThat(root.nextClose()).isEqualTo("aborted");
        }
    }

    @Test
    void theRootClientSendsItsHeartbeat() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot(50, 45_000);
            Thread.sleep(300);
            // heartbeats are accepted silently: the root stays connected
            assertThat(f.server.status().rootConnected()).isTrue();
            assertThat(root.closes).isEmpty();
        }
    }

    @Test
    void addressesAcceptHostPortAndWebSocketUrls() {
        assertThat(BootstrapClient.address("localhost:5000").toString()).isEqualTo("ws://localhost:5000");
        assertThat(BootstrapClient.address("ws://127.0.0.1:8080/").toString()).isEqualTo("ws://127.0.0.1:8080");
        assertThat(BootstrapClient.address("wss://example.org:443").toString()).isEqualTo("wss://example.org:443");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BootstrapClient.address("::nonsense::"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
