package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 3: a frame header announcing 256 KiB made the server reserve that much at once
 * (1,500 sockets of 24 bytes each added 600 MB), and an unfinished request head was buffered
 * without limit or time-out. Now a frame over the limit is refused on its header, one under it
 * holds only the bytes that came, a head over 16 KiB is refused with 431, and a head that never
 * ends is closed after the handshake time-out.
 */
class Hostile3MemoryFromClaimedSizesTest {
    private static final int SOCKETS = 1_000;

    private static ServerConfig roomy() {
        return ServerConfig.builder(ServerFixture.SECRET).maxConnectionsPerAddress(2 * SOCKETS)
                .maxJoinSocketsPerAddress(2 * SOCKETS).build();
    }

    @Test
    void frameHeadersAnnouncingMoreThanTheLimitAreRefusedOnTheHeader() throws Exception {
        try (HostileFixture h = new HostileFixture(roomy())) {
            List<WireClient> sockets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                WireClient c = h.attacker().open("/join");
                c.sendHeaderOnly(0x1, 256 * 1024);
                sockets.add(c);
            }
            for (WireClient c : sockets) {
                assertThat(c.awaitClose().closeCode()).isEqualTo(1009);
            }
            h.goodClientsServed();
            h.finish();
        }
    }

    @Test
    void frameHeadersUnderTheLimitReserveNothingForWhatHasNotCome() throws Exception {
        try (HostileFixture h = new HostileFixture(roomy())) {
            long before = Footprint.now().heapBytes() + NettyMemory.used();
            for (int i = 0; i < SOCKETS; i++) {
                h.attacker().open("/join").sendHeaderOnly(0x1, 60 * 1024);
            }
            h.goodClientsServed();
            long grown = Footprint.now().heapBytes() + NettyMemory.used() - before;
            // reserving the announced sizes would take SOCKETS x 60 KiB = 60 MB
            assertThat(grown).as("bytes the server holds for %d announced frames", SOCKETS).isLessThan(20L * 1024 * 1024);
            h.finish();
        }
    }

    @Test
    void aHeadOverTheLimitGets431AndAHeadThatNeverEndsIsClosed() throws Exception {
        try (HostileFixture h = new HostileFixture(roomy().toBuilder().handshakeTimeoutMs(1_000).build())) {
            long before = Footprint.now().heapBytes() + NettyMemory.used();
            List<WireClient> big = new ArrayList<>();
            String filler = "X-Filler: " + "a".repeat(1000) + "\r\n";
            for (int i = 0; i < 40; i++) {
                WireClient c = h.attacker();
                c.write("GET /status HTTP/1.1\r\nHost: x\r\n");
                for (int k = 0; k < 20; k++) { // 20 KiB of head, over the 16 KiB limit, and no end
                    c.write(filler); // the server reads on after refusing it: no reset
                }
                big.add(c);
            }
            for (WireClient c : big) {
                assertThat(c.readReply(false).status()).isEqualTo(431);
            }
            WireClient endless = h.attacker();
            endless.write("GET /status HTTP/1.1\r\nHost: x\r\n");
            assertThat(endless.closedByServer()).as("closed after the handshake time-out").isTrue();
            h.goodClientsServed();
            long grown = Footprint.now().heapBytes() + NettyMemory.used() - before;
            assertThat(grown).isLessThan(20L * 1024 * 1024);
            h.finish();
        }
    }
}
