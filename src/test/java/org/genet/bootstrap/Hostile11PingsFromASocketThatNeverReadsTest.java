package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, finding 2: a join socket that sent pings and never read took the server from 81 MB to
 * 6 GB (six sockets): every ping was answered with a pong, whether or not the socket could take
 * more. Now a socket over its send queue's bound gets no answer, and one that stays over it for a
 * ping period is closed; the server's memory stays flat and good clients are served.
 */
class Hostile11PingsFromASocketThatNeverReadsTest {

    /** A WebSocket on {@code path} that reads its 101 and then nothing, with a small receive window. */
    private static Socket neverReads(HostileFixture h, String path) throws IOException {
        Socket raw = new Socket();
        raw.setReceiveBufferSize(4096);
        raw.bind(new InetSocketAddress(HostileFixture.ATTACKER, 0));
        raw.connect(new InetSocketAddress("127.0.0.1", h.port()));
        raw.getOutputStream().write(WireClient.upgradeHead("GET " + path + " HTTP/1.1").getBytes());
        raw.getInputStream().readNBytes(new byte[12], 0, 12); // "HTTP/1.1 101"
        return raw;
    }

    /** A masked ping frame with a payload of 125 bytes (the most a control frame holds). */
    private static byte[] ping(Random random) {
        byte[] frame = new byte[2 + 4 + 125];
        frame[0] = (byte) 0x89;
        frame[1] = (byte) (0x80 | 125);
        random.nextBytes(frame); // payload and mask: any bytes
        frame[0] = (byte) 0x89;
        frame[1] = (byte) (0x80 | 125);
        return frame;
    }

    @Test
    void pingsFromASocketThatNeverReadsAreNotAnsweredWithoutBoundAndItIsClosed() throws Exception {
        ServerConfig config = ServerConfig.builder(ServerFixture.SECRET).pingSeconds(1).build();
        try (HostileFixture h = new HostileFixture(config)) {
            System.gc();
            long before = NettyMemory.used();
            Socket raw = neverReads(h, "/join");
            Random random = new Random(19);
            byte[] batch = new byte[1000 * 131];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(ping(random), 0, batch, i * 131, 131);
            }
            long maxHeld = 0;
            int sent = 0;
            boolean closed = false;
            long deadline = System.nanoTime() + 20_000_000_000L;
            try {
                while (sent < 200_000 && System.nanoTime() < deadline) { // 25 MB of pongs if each were answered
                    raw.getOutputStream().write(batch);
                    sent += 1000;
                    maxHeld = Math.max(maxHeld, NettyMemory.used() - before);
                }
                while (System.nanoTime() < deadline) { // it went on pinging: the server closes it within a period or two
                    raw.getOutputStream().write(batch);
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                closed = true; // reset by the server
            }
            maxHeld = Math.max(maxHeld, NettyMemory.used() - before);
            assertThat(sent).as("pings sent").isGreaterThanOrEqualTo(10_000);
            assertThat(maxHeld).as("bytes the server held for a socket that never reads, after %d pings", sent)
                    .isLessThanOrEqualTo(8L << 20); // two of the allocator's 4 MiB chunks; 25 MB of pongs were held before
            assertThat(closed).as("the socket that never reads is closed").isTrue();
            raw.close();
            h.finish();
        }
    }

    @Test
    void aRootThatNeverReadsIsClosedAfterAPingPeriod() throws Exception {
        try (HostileFixture h = HostileFixture.withoutRoot(bounds -> bounds.pingSeconds(1).rootQueueBytes(64 * 1024))) {
            Socket raw = neverReads(h, "/" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX);
            ServerFixture.await(() -> h.server().status().rootConnected(), "the root that never reads is connected");
            Random random = new Random(7);
            long deadline = System.nanoTime() + 15_000_000_000L;
            try {
                // enough pongs to fill what the system buffers and the root's queue, then a ping now
                // and then: it never looks silent, so only its not reading can close it
                for (int i = 0; i < 50_000 && h.server().status().rootConnected(); i++) {
                    raw.getOutputStream().write(ping(random));
                }
                while (h.server().status().rootConnected() && System.nanoTime() < deadline) {
                    raw.getOutputStream().write(ping(random));
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                // reset by the server
            }
            assertThat(h.server().status().rootConnected()).as("the root that pings and never reads is closed while it pings")
                    .isFalse();
            raw.close();
            h.connectRoot();
            h.finish();
        }
    }
}
