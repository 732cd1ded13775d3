package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 10: unmasked client frames were accepted, a 10 MB frame got 1006 instead of 1009,
 * a request with bare LF line endings hung, and wrong secrets had no limit. (The backlog is
 * {@code --backlog}, 1,024 by default.)
 */
class Hostile10SmallerDefectsTest {

    @Test
    void anUnmaskedClientFrameIsAProtocolError() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            WireClient c = h.attacker().open("/join");
            c.sendFrame(0x1, "{\"origin\":null,\"destination\":null,\"signal\":{},\"rank\":0}".getBytes(StandardCharsets.UTF_8), false);
            assertThat(c.awaitClose().closeCode()).isEqualTo(1002);
            h.finish();
        }
    }

    @Test
    void aTenMegabyteFrameGets1009() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            WireClient c = h.attacker().open("/join");
            try {
                c.sendFrame(0x1, new byte[10 * 1024 * 1024], true);
            } catch (java.io.IOException e) {
                // the server may close before the whole frame is written
            }
            assertThat(c.awaitClose().closeCode()).isEqualTo(1009);
            // and through a client library
            RawClient raw = h.f.rawJoiner("x".repeat(10 * 1024 * 1024));
            assertThat(raw.awaitCloseCode()).isEqualTo(1009);
            h.finish();
        }
    }

    @Test
    void aRequestWithBareLineFeedsIsAnsweredAtOnce() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            WireClient c = h.attacker();
            c.write("GET /status.json HTTP/1.1\nHost: x\n\n");
            // refused rather than guessed at (a bare LF is where request smuggling starts), and not left hanging
            WireClient.Reply reply = c.readReply(true);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("CR LF");
            assertThat(c.closedByServer()).isTrue();
            h.finish();
        }
    }

    @Test
    void wrongSecretsFromOneAddressAreLimited() throws Exception {
        try (HostileFixture h = HostileFixture.withoutRoot(bounds -> bounds.wrongSecretsPerMinute(3))) {
            for (int i = 0; i < 3; i++) {
                assertThat(h.attacker().upgrade("GET /guess" + i + BootstrapServer.ROOT_SUFFIX + " HTTP/1.1").status()).isEqualTo(403);
            }
            assertThat(h.attacker().upgrade("GET /guess3" + BootstrapServer.ROOT_SUFFIX + " HTTP/1.1").status()).isEqualTo(429);
            // even the right secret waits, from that address: guessing is what is limited
            assertThat(h.attacker().upgrade("GET /" + ServerFixture.SECRET + BootstrapServer.ROOT_SUFFIX + " HTTP/1.1").status())
                    .isEqualTo(429);
            // another address with the secret is the root
            h.connectRoot();
            h.finish();
        }
    }
}
