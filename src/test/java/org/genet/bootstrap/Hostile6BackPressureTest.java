package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 6: a root that read slowly let the server queue without bound (+1.2 GB in 10 s),
 * its pings waited behind that data so the real root was dropped as dead, and signals had no rate
 * limit (1.8 million in 20 s from two sockets). Now what waits for each socket and for all is
 * bounded, signals for a full root are dropped and their sender closed (never the root), and a
 * join socket over its signal rate is closed.
 */
class Hostile6BackPressureTest {
    private static final String BIG_SIGNAL = "{\"origin\":null,\"destination\":null,\"signal\":{\"sdp\":\""
            + "x".repeat(60 * 1024) + "\"},\"rank\":0}";

    @Test
    void aJoinSocketOverItsSignalRateIsClosed() throws Exception {
        try (HostileFixture h = new HostileFixture(ServerConfig.builder(ServerFixture.SECRET).signalRate(50, 100).build())) {
            WireClient flooder = h.attacker().open("/join");
            long sent = 0;
            try {
                for (int i = 0; i < 5_000; i++) {
                    flooder.sendText("{\"origin\":null,\"destination\":null,\"signal\":{\"n\":" + i + "},\"rank\":" + i + "}");
                    sent++;
                }
            } catch (java.io.IOException e) {
                // closed by the server
            }
            WireClient.Frame close = flooder.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).contains("signals a second");
            // the burst and at most a few seconds' rate went through, not the flood
            assertThat(h.server().status().signalsRouted()).isLessThan(100 + 50 * 5);
            h.finish();
        }
    }

    @Test
    void aJoinSocketOverItsByteRateIsClosed() throws Exception {
        // 50 signals a second are allowed, but not 50 of 60 KiB: a join's signals are a few KiB
        try (HostileFixture h = new HostileFixture()) {
            WireClient flooder = h.attacker().open("/join");
            int sent = 0;
            try {
                for (int i = 0; i < 40; i++) {
                    flooder.sendText(BIG_SIGNAL);
                    sent++;
                }
            } catch (java.io.IOException e) {
                // closed by the server
            }
            WireClient.Frame close = flooder.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1008);
            assertThat(close.closeReason()).contains("bytes of signals a second");
            // the 256 KiB burst and a few seconds' rate went through, not the 2.4 MB sent
            assertThat(h.server().status().signalsRouted()).isLessThanOrEqualTo(8);
            h.finish();
        }
    }

    @Test
    void aRootThatReadsSlowlyMakesTheServerDropNotQueue() throws Exception {
        try (HostileFixture h = HostileFixture.withoutRoot(bounds -> bounds.rootQueueBytes(256 * 1024)
                .signalRate(1_000, 1_000).signalBytesRate(64 << 20, 64 << 20))) {
            // a root that never reads, with a small receive window
            Socket raw = new Socket();
            raw.setReceiveBufferSize(4096);
            raw.connect(new InetSocketAddress("127.0.0.1", h.port()));
            raw.getOutputStream().write(WireClient.upgradeHead("GET /" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX
                    + " HTTP/1.1").getBytes());
            byte[] head = new byte[129]; // the 101 response, then nothing more is read
            raw.getInputStream().readNBytes(head, 0, 12);
            ServerFixture.await(() -> h.server().status().rootConnected(), "the slow root is connected");
            AtomicLong maxQueued = new AtomicLong();
            List<Integer> closes = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                WireClient joiner = h.attacker("127.0.0." + (2 + s)).open("/join");
                try {
                    for (int i = 0; i < 40; i++) { // 2.4 MB from each socket
                        joiner.sendText(BIG_SIGNAL);
                        maxQueued.accumulateAndGet(h.server().status().queuedBytes(), Math::max);
                    }
                } catch (java.io.IOException e) {
                    // closed by the server
                }
                WireClient.Frame close = joiner.closeWithin(500);
                if (close != null) {
                    closes.add(close.closeCode());
                }
            }
            assertThat(maxQueued.get()).as("bytes queued for the slow root")
                    .isLessThanOrEqualTo(256 * 1024 + 2 * 61 * 1024);
            assertThat(closes).as("senders to a full root are told to try again later").contains(1013);
            raw.close();
            ServerFixture.await(() -> !h.server().status().rootConnected(), "the slow root is gone");
            h.connectRoot();
            h.finish();
        }
    }

    @Test
    void aFloodAimedAtTheRootNeitherStarvesItsPingsNorDropsIt() throws Exception {
        ServerConfig config = ServerConfig.builder(ServerFixture.SECRET).pingSeconds(1).build();
        try (HostileFixture h = new HostileFixture(config)) {
            long until = System.nanoTime() + 4_000_000_000L; // 4 ping periods of flood
            int sockets = 0;
            while (System.nanoTime() < until && sockets < 200) {
                WireClient joiner = h.attacker("127.0.0." + (2 + sockets % 100)).open("/join");
                sockets++;
                try {
                    for (int i = 0; i < 300 && System.nanoTime() < until; i++) {
                        joiner.sendText(BIG_SIGNAL);
                    }
                } catch (java.io.IOException e) {
                    // closed by the server
                }
                joiner.close();
            }
            assertThat(h.server().status().rootConnected()).as("the real root was not dropped as dead").isTrue();
            assertThat(h.root.closes).isEmpty();
            h.finish();
        }
    }
}
