package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 8: one INFO line per signal to an unknown destination (196 MB of log in 10 s from
 * one socket), a stack trace per bad control frame, and a mistyped root path logged with the
 * secret in it. Now repeated events are logged once per period with a count, nothing logs a stack
 * trace for a client's fault, and only the server's own routes are named in the log.
 */
class Hostile8LogFloodingTest {

    @Test
    void repeatedBadInputCostsAFewLinesAndNeverTheSecret() throws Exception {
        try (ServerProcess server = new ServerProcess(0, "--signal-burst", "1000", "--signals-per-second", "1000")) {
            int sent = 0;
            for (int s = 0; s < 5; s++) {
                try (WireClient c = WireClient.connect(server.port, "127.0.0." + (2 + s)).open("/join")) {
                    for (int i = 0; i < 900; i++) {
                        c.sendText("{\"origin\":null,\"destination\":\"0123456789abcdef0123456789abcdef\",\"signal\":{},\"rank\":" + i + "}");
                        sent++;
                    }
                    c.sendFrame(0x9, new byte[200], true); // a ping over 125 bytes: a protocol violation
                    assertThat(c.awaitClose().closeCode()).isEqualTo(1002);
                }
            }
            for (int i = 0; i < 20; i++) {
                try (WireClient c = WireClient.connect(server.port, "127.0.0.9")) {
                    // a typo in the root path, with the secret in it
                    assertThat(c.upgrade("GET /" + ServerFixture.SECRET + "/webrtc-bootstrap-rot HTTP/1.1").status()).isEqualTo(404);
                }
            }
            status(server);
            String log = server.logText();
            assertThat(sent).isEqualTo(4_500);
            assertThat(log.lines().filter(l -> l.contains("unknown destination")).count()).as(log).isBetween(1L, 3L);
            assertThat(log.lines().filter(l -> l.contains("1002")).count()).as(log).isBetween(1L, 3L);
            assertThat(log).as("no stack trace for a client's fault").doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(log).as("the secret never reaches the log").doesNotContain(ServerFixture.SECRET);
            assertThat(log.lines().count()).as(log).isLessThan(15);
        }
    }

    private static void status(ServerProcess server) throws IOException {
        try (WireClient c = WireClient.connect(server.port)) {
            c.write("GET /status.json HTTP/1.1\r\nHost: x\r\n\r\n");
            WireClient.Reply reply = c.readReply(true);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("\"signalsDropped\":4500");
        }
    }
}
