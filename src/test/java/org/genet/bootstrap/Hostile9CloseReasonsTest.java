package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 9: close reasons were cut at 100 characters, not 123 bytes, so a reason in
 * multi-byte characters made a close frame over 125 bytes, which clients reject as a protocol
 * error (1006 instead of 1007). Now a reason is cut at 123 bytes of UTF-8, on a character boundary.
 */
class Hostile9CloseReasonsTest {

    @Test
    void aLongMultiByteReasonStaysWithinAControlFrame() throws Exception {
        try (HostileFixture h = new HostileFixture()) {
            // not JSON: the parser's message quotes the token, 300 two-byte characters
            WireClient c = h.attacker().open("/join");
            c.sendText("é".repeat(300));
            WireClient.Frame close = c.awaitClose();
            assertThat(close.closeCode()).isEqualTo(1007);
            assertThat(close.payload().length).isLessThanOrEqualTo(125);
            assertThat(close.closeReason()).contains("malformed JSON");
            // and through a real client library, which refuses an oversized close frame
            RawClient raw = h.f.rawJoiner("é".repeat(300));
            assertThat(raw.awaitCloseCode()).isEqualTo(1007);
            h.finish();
        }
    }

    @Test
    void reasonsAreCutAt123BytesOnACharacterBoundary() {
        String emoji = "\uD83C\uDF33"; // 4 bytes
        for (String reason : new String[] {"a".repeat(200), "é".repeat(100), emoji.repeat(40), "ab" + emoji.repeat(40)}) {
            String cut = BootstrapServer.closeReason(reason);
            byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isLessThanOrEqualTo(123);
            assertThat(cut).endsWith("…");
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cut); // no broken character
        }
        assertThat(BootstrapServer.closeReason("short")).isEqualTo("short");
    }
}
