package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, finding 6: text frames that were not UTF-8 were forwarded (their bad bytes turned into
 * U+FFFD on the way), where RFC 6455 says to close with 1007. Now they are refused, whole or in
 * fragments, before anything of them is forwarded.
 */
class Hostile12TextThatIsNotUtf8Test {

    @Test
    void aTextFrameThatIsNotUtf8IsClosedWith1007AndNotForwarded() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            WireClient joiner = h.attacker().open("/join");
            byte[] good = "{\"origin\":null,\"destination\":null,\"signal\":{\"type\":\"offer\",\"sdp\":\"X\"},\"rank\":0}"
                    .getBytes(StandardCharsets.UTF_8);
            int at = new String(good, StandardCharsets.UTF_8).indexOf('X');
            byte[] bad = good.clone();
            bad[at] = (byte) 0xc3; // a lead byte followed by '"': not UTF-8
            joiner.sendFrame(0x1, bad, true);
            WireClient.Frame close = joiner.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1007);
            h.goodClientsServed(); // skips what reached the root before the good offer: nothing must have
            assertThat(h.root.messages).noneMatch(m -> m.contains("\ufffd"));
            h.finish();
        }
    }

    @Test
    void aCutCharacterAcrossFragmentsIsClosedWith1007() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            WireClient joiner = h.attacker().open("/join");
            byte[] first = "{\"origin\":null,\"destination\":null,\"signal\":{\"sdp\":\"\u00e9".getBytes(StandardCharsets.UTF_8);
            byte[] cut = java.util.Arrays.copyOf(first, first.length - 1); // the é's first byte only
            joiner.write(fragment(0x1, false, cut));
            joiner.write(fragment(0x0, true, "\"},\"rank\":0}".getBytes(StandardCharsets.UTF_8)));
            assertThat(joiner.awaitClose().closeCode()).isEqualTo(1007);
            h.finish();
        }
    }

    /** One masked frame, FIN set or not. */
    private static byte[] fragment(int opcode, boolean fin, byte[] payload) {
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
