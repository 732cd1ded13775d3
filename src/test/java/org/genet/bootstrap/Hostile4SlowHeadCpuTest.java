package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 4: a 60 KiB head sent in 1 KiB pieces cost 6.6 s of CPU, the head being parsed
 * again on every piece while the worker's other clients waited. Now the head is parsed once as it
 * arrives and refused at 16 KiB; a slow head within the limit is served.
 */
class Hostile4SlowHeadCpuTest {

    private static long serverCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("bootstrap-"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    @Test
    void aSlowHeadCostsLittleCpuAndIsRefusedAtTheLimit() throws Exception {
        // (the 60 KiB head is refused once 16 KiB are in: 17 pieces of it are sent)
        try (HostileFixture h = new HostileFixture()) {
            h.goodClientsServed(); // warm
            long cpuBefore = serverCpuNanos();
            WireClient slow = h.attacker();
            slow.write("GET /status HTTP/1.1\r\n");
            char[] piece = new char[1022];
            Arrays.fill(piece, 'a');
            for (int i = 0; i < 17; i++) { // 17 KiB in 1 KiB pieces: the refusal is due once 16 KiB are in
                slow.write("X-" + i + ": " + new String(piece, 0, piece.length - String.valueOf(i).length() - 2) + "\r\n");
                Thread.sleep(2);
            }
            assertThat(slow.readReply(false).status()).isEqualTo(431);
            // and a slow head within the limit is served: 4 KiB in 64-byte pieces
            WireClient patient = h.attacker("127.0.0.3");
            patient.write("GET /status.json HTTP/1.1\r\n");
            String header = "X-Long: " + "b".repeat(4096) + "\r\n\r\n";
            for (int i = 0; i < header.length(); i += 64) {
                patient.write(header.substring(i, Math.min(header.length(), i + 64)));
            }
            WireClient.Reply reply = patient.readReply(true);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).contains("rootConnected");
            long cpuMs = (serverCpuNanos() - cpuBefore) / 1_000_000;
            assertThat(cpuMs).as("server CPU for both heads, ms (6,600 before the fix)").isLessThan(1_500);
            h.finish();
        }
    }
}
