package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad clients get a close code or an HTTP status, and good clients are served meanwhile. */
class BootstrapServerHardeningTest {
    private static final JsonNode OFFER = ServerFixture.json("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");

    /** A good joiner's signal still reaches the root. */
    private static void stillRouting(ServerFixture f, Recorder root) throws Exception {
        SignalingSession joiner = f.session(null, new Recorder());
        joiner.send(OFFER);
        assertThat(root.nextSignalMessage().path("signal")).isEqualTo(OFFER);
        joiner.close();
    }

    /** A join socket that sends what {@code send} sends, checked to be closed with {@code code}. */
    private static RawClient closedAfterSending(ServerFixture f, java.util.function.Consumer<RawClient> send, int code)
            throws Exception {
        RawClient bad = f.raw("/join");
        send.accept(bad);
        assertThat(bad.awaitCloseCode()).isEqualTo(code);
        return bad;
    }

    static Stream<Arguments> framesThatAreNotAJsonObject() {
        return Stream.of(
                arguments("not json", "malformed JSON"),
                arguments("{\"origin\":", "malformed JSON"),
                arguments("{} {}", "malformed JSON"),
                arguments("[1,2]", "JSON object"),
                arguments("42", "JSON object"),
                arguments("\"hello\"", "JSON object"),
                arguments("null", "JSON object"));
    }

    @ParameterizedTest
    @MethodSource("framesThatAreNotAJsonObject")
    void malformedJsonOrJsonThatIsNotAnObjectClosesTheSocketWith1007(String frame, String reason) throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            RawClient bad = closedAfterSending(f, c -> c.send(frame), CloseFrame.NO_UTF8);
            assertThat(bad.closeReason).contains(reason);
            stillRouting(f, root);
        }
    }

    @Test
    void aBinaryFrameClosesTheSocketWith1003() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            closedAfterSending(f, c -> c.send(ByteBuffer.wrap("{\"signal\":{}}".getBytes())), CloseFrame.REFUSE);
            stillRouting(f, root);
        }
    }

    @Test
    void aFrameOverTheLimitClosesTheSocketWith1009() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            closedAfterSending(f, c -> c.send("{\"signal\":{\"sdp\":\"" + "x".repeat(70 * 1024) + "\"}}"), CloseFrame.TOOBIG);
            stillRouting(f, root);
            assertThat(root.messages).noneMatch(m -> m.length() > 60 * 1024);
        }
    }

    @Test
    void aSignalForAnUnknownDestinationIsDroppedAndTheSocketStays() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            RawClient joiner = f.rawJoiner("{\"origin\":null,\"destination\":\"0123456789abcdef0123456789abcdef\",\"signal\":{},\"rank\":0}",
                    "{\"origin\":null,\"destination\":42,\"signal\":{},\"rank\":1}");
            ServerFixture.await(() -> f.server.status().signalsDropped() == 2, "both are dropped");
            assertThat(joiner.isOpen()).isTrue();
            stillRouting(f, root);
        }
    }

    @Test
    void theRootMaySendOnlyHeartbeats() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = new Recorder();
            RawClient raw = f.raw("/" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX);
            raw.send("\"heartbeat\"");
            raw.send("{\"anything\":1}");
            RawClient joiner = f.rawJoiner("{\"origin\":null,\"destination\":null,\"signal\":{\"a\":1},\"rank\":0}");
            assertThat(raw.messages.poll(5, java.util.concurrent.TimeUnit.SECONDS)).contains("\"a\":1");
            assertThat(raw.isOpen()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/joiner", "/s3cret/webrtc-bootstrap", "/other"})
    void anUpgradeToAnUnknownPathIsRefusedWith404(String path) throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder session = new Recorder();
            try (BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + f.port + path))) {
                client.openSession(null, session, Runnable::run, 30_000);
                assertThat(session.nextClose()).contains("HTTP 404");
            }
        }
    }

    @Test
    void aFloodOfJoinSocketsIsRefusedBeyondTheLimitWith503() throws Exception {
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).maxJoinSockets(5).build())) {
            Recorder root = f.openRoot();
            List<RawClient> sockets = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sockets.add(f.raw("/join"));
            }
            // the server counts a socket once its own side has opened, a moment after the client's
            ServerFixture.await(() -> f.server.status().joinSockets() == 5, "the server holds 5 join sockets");
            Recorder refused = new Recorder();
            f.session(null, refused);
            assertThat(refused.nextClose()).contains("HTTP 503");
            sockets.get(0).closeBlocking();
            ServerFixture.await(() -> f.server.status().joinSockets() == 4, "a place frees up");
            stillRouting(f, root);
        }
    }

    @Test
    void aDeadRootIsDroppedSoThatANewRootCanTakeOver() throws Exception {
        // A root that stops answering pings: the server drops it within 1.5 ping periods.
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).pingSeconds(1).build())) {
            RawClient dead = new RawClient(f.uri("/" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX), false);
            f.track(dead::close);
            assertThat(dead.connectBlocking(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            ServerFixture.await(() -> f.server.status().rootConnected(), "the root is connected");
            ServerFixture.await(() -> !f.server.status().rootConnected(), "the dead root is dropped");
            Recorder root = f.openRoot();
            stillRouting(f, root);
        }
    }

    @Test
    void aRootThatNeverSendsHeartbeatsStaysConnected() throws Exception {
        // original roots never send their heartbeat: only ping/pong counts
        try (ServerFixture f = new ServerFixture(ServerConfig.builder(ServerFixture.SECRET).pingSeconds(1).build())) {
            RawClient root = f.raw("/" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX);
            Thread.sleep(3_500);
            assertThat(root.isOpen()).isTrue();
            assertThat(f.server.status().rootConnected()).isTrue();
        }
    }

    @Test
    void plainHttpIsServedOnTheSamePortAndLeavesNoConnectionBehind() throws Exception {
        try (ServerFixture f = new ServerFixture()) {
            Recorder root = f.openRoot();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            HttpClient http = HttpClient.newBuilder().executor(pool).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            try {
                List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    String path = i % 3 == 0 ? "/status" : i % 3 == 1 ? "/status.json" : "/nope";
                    responses.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port + path))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (int i = 0; i < responses.size(); i++) {
                    HttpResponse<String> response = responses.get(i).get();
                    assertThat(response.statusCode()).isEqualTo(i % 3 == 2 ? 404 : 200);
                    if (i % 3 == 1) {
                        assertThat(ServerFixture.json(response.body()).path("rootConnected").asBoolean()).isTrue();
                    }
                }
                HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port + "/status"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(head.statusCode()).isEqualTo(200);
                assertThat(head.body()).isEmpty();
                assertThat(head.headers().firstValue("Content-Length")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port + "/status"))
                        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);
            } finally {
                pool.shutdownNow();
            }
            // only the root socket is left
            ServerFixture.await(() -> f.server.status().connections() == 1, "HTTP connections are closed");
            stillRouting(f, root);
        }
    }
}
