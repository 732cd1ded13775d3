package org.genet.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.genet.Await;
import org.genet.overlay.SignalKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real WebRTC peers in this JVM, signaling to each other directly. */
class RtcPeerTest {
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
        WebRtc.shutdown();
    }

    @Test
    void twoPeersConnectAndExchangeTextBothWays() throws Exception {
        PeerEvents a = new PeerEvents();
        PeerEvents b = new PeerEvents();
        RtcPair<PeerEvents> pair = RtcPair.connect(loop, a, loop, b);
        // the joiner labels its channel as a Genet node (docs/EXTENSIONS.md); the answerer reads it
        assertThat(pair.b().channelLabel()).matches("genet/1:[0-9a-f]{40}").isEqualTo(pair.a().channelLabel());
        assertThat(org.genet.overlay.Extensions.isGenetLabel(pair.b().channelLabel())).isTrue();
        pair.a().send("héllo ✓");
        assertThat(b.next()).isEqualTo("data:héllo ✓");
        pair.b().send("{\"type\":\"DATA\",\"data\":\"pong\"}");
        assertThat(a.next()).isEqualTo("data:{\"type\":\"DATA\",\"data\":\"pong\"}");

        // simple-peer's signals: the description first, its candidates inside (host candidates are
        // gathered within the bundle wait), then any candidate found later trickled
        assertThat(SignalKind.of(a.sent.get(0))).isEqualTo(SignalKind.OFFER);
        assertThat(SignalKind.of(b.sent.get(0))).isEqualTo(SignalKind.ANSWER);
        assertThat(a.sent.get(0).path("sdp").asText()).contains("\r\na=candidate:");
        assertThat(b.sent.get(0).path("sdp").asText()).contains("\r\na=candidate:");
        assertThat(a.sent).as("one signal each way: the candidates rode in the descriptions").hasSize(1);
        assertThat(b.sent).hasSize(1);
        assertThat(a.sent.subList(1, a.sent.size())).allSatisfy(s -> {
            assertThat(SignalKind.of(s)).isEqualTo(SignalKind.CANDIDATE);
            assertThat(s.path("type").asText()).isEqualTo("candidate");
            assertThat(s.path("candidate").has("sdpMid")).isTrue();
            assertThat(s.path("candidate").has("sdpMLineIndex")).isTrue();
        });

        pair.a().close();
        assertThat(b.next()).isEqualTo("close");
        pair.b().close();
        loop.submit(() -> { }).get();
        assertThat(a.events).isEmpty();
        assertThat(WebRtc.openPeers()).isZero();
    }

    /**
     * Peers made on different executors (node loops) get different WebRTC factories, up to one per
     * core, and connect across them; peers of one executor share its factory. All are disposed
     * together once the last peer has closed.
     */
    @Test
    void peersOfTwoLoopsUseTwoFactoriesAndConnectAcrossThem() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            PeerEvents a = new PeerEvents();
            PeerEvents b = new PeerEvents();
            PeerEvents c = new PeerEvents();
            PeerEvents d = new PeerEvents();
            try (RtcPair<PeerEvents> across = RtcPair.connect(loop, a, other, b);
                    RtcPair<PeerEvents> within = RtcPair.connect(loop, c, loop, d)) {
                if (WebRtc.FACTORIES > 1) {
                    assertThat(across.a().factory).as("two loops, two factories").isNotSameAs(across.b().factory);
                    assertThat(WebRtc.factories()).isBetween(2, WebRtc.FACTORIES);
                } else {
                    assertThat(across.a().factory).as("one core: one factory").isSameAs(across.b().factory);
                }
                assertThat(within.a().factory).as("one loop, one factory").isSameAs(within.b().factory)
                        .isSameAs(across.a().factory);
                across.a().send("across");
                assertThat(b.next()).isEqualTo("data:across");
                across.b().send("back");
                assertThat(a.next()).isEqualTo("data:back");
                within.b().send("within");
                assertThat(c.next()).isEqualTo("data:within");
            }
            Await.until(() -> WebRtc.openPeers() == 0, "every peer closed", 10);
            WebRtc.shutdown();
            assertThat(WebRtc.isRunning()).isFalse();
            assertThat(WebRtc.factories()).isZero();
        } finally {
            other.shutdown();
            other.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * WebRTC's stats report, the only way to the selected candidate pair, is dear: each side asks
     * for it once, a moment after the open, and again only when the answer was a guess (a
     * peer-reflexive candidate) or no pair. Two host candidates on this machine: one ask each.
     */
    @Test
    void eachSideAsksForItsCandidatePairOnceAfterTheOpen() throws Exception {
        java.util.concurrent.BlockingQueue<org.genet.overlay.CandidatePair> pairs = new java.util.concurrent.LinkedBlockingQueue<>();
        PeerEvents a = new PeerEvents() {
            @Override
            public void onCandidatePair(org.genet.overlay.CandidatePair pair) {
                pairs.add(pair);
            }
        };
        PeerEvents b = new PeerEvents();
        try (RtcPair<PeerEvents> pair = RtcPair.connect(loop, a, loop, b)) {
            org.genet.overlay.CandidatePair found = pairs.poll(RtcPeer.PAIR_ASK_MS + 5_000, TimeUnit.MILLISECONDS);
            assertThat(found).as("the selected pair, a moment after the open").isNotNull();
            assertThat(found.link()).isEqualTo(org.genet.overlay.CandidatePair.DIRECT);
            assertThat(found.isGuess()).isFalse();
            Thread.sleep(RtcPeer.RETRY_PAIR_ASK_MS + 500); // past the time a second ask would have gone
            assertThat(pair.a().statsAsked.get()).as("asked once").isEqualTo(1);
            assertThat(pair.b().statsAsked.get()).isEqualTo(1);
            assertThat(pairs).as("the pair did not change").isEmpty();
        }
    }

    @Test
    void aCandidateIsKnownInTheSdpByItsAddressNotItsUfrag() {
        String trickled = "candidate:1555044006 1 udp 2122194687 192.0.2.2 45043 typ host generation 0 ufrag 2Wli network-id 1";
        String inSdp = "a=candidate:1555044006 1 udp 2122194687 192.0.2.2 45043 typ host generation 0 network-id 1";
        assertThat(RtcPeer.candidateKey(trickled)).isEqualTo("candidate:1555044006 1 udp 2122194687 192.0.2.2 45043")
                .isEqualTo(RtcPeer.candidateKey(inSdp));
        assertThat(RtcPeer.candidateKey("candidate:1 1 udp")).as("cut short: the whole text").isEqualTo("candidate:1 1 udp");
    }

    /**
     * Issue 19: what a peer receives waits on its executor until read. A peer whose executor is
     * held while the other side sends 24 MiB holds at most {@link RtcPeer#MAX_UNREAD_BYTES} of it
     * and is closed; the other side hears it go.
     */
    @Test
    void aPeerSendingFasterThanItIsReadIsClosedAtTheUnreadBound() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
        // b's executor: the loop, except that while holding it waits (a node's loop stuck or slow)
        java.util.concurrent.Executor slow = task -> loop.execute(() -> {
            if (holding.get()) {
                try {
                    held.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            task.run();
        });
        PeerEvents b = new PeerEvents() { // counts what is delivered rather than keeping it
            @Override
            public void onData(String text) {
                delivered.addAndGet(text.length());
            }
        };
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            PeerEvents a = new PeerEvents();
            RtcPair<PeerEvents> pair = RtcPair.connect(sender, a, slow, b);
            try {
                holding.set(true);
                loop.execute(() -> { }); // the next task the loop runs holds it
                String frame = "x".repeat(200 * 1024);
                for (int i = 0; i < 120 && b.events.isEmpty(); i++) { // 24 MiB, 2 MiB at a time (the sender's own buffer holds 16)
                    pair.a().send(frame);
                    if (i % 10 == 9) {
                        Thread.sleep(200);
                    }
                }
                Thread.sleep(1_000); // what SCTP delivers meanwhile waits for the held loop
                holding.set(false);
                held.countDown();
                assertThat(b.next()).startsWith("error:").contains("faster than they were read");
                assertThat(delivered.get()).isLessThanOrEqualTo(RtcPeer.MAX_UNREAD_BYTES);
                assertThat(a.next()).isEqualTo("close");
            } finally {
                held.countDown();
                sender.submit(() -> pair.a().close()).get();
                pair.b().close();
                loop.submit(() -> { }).get();
            }
        } finally {
            sender.shutdown();
        }
    }
}
