package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.bootstrap.SocketAttacks;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, finding 4: the root printed a line for every join request and every dropped frame:
 * 40 sockets for 20 s made 35,545 lines. Now each kind of event line is printed a few times a
 * second ({@link org.genet.overlay.NodeBounds#logLinesPerSecond()}), with a count of those left out.
 */
class RootOutputFloodTest {

    @Test
    void aFloodOfJoinRequestsCostsTheRootAFewLinesASecond() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("f").build());
        int port = server.startAndWait();
        Path output = Files.createTempFile("genet-root", ".out");
        Process root = new ProcessBuilder(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "root", "--host", "127.0.0.1:" + port,
                "--secret", "f")).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            Await.until(() -> server.status().rootConnected(), "the root is connected", 30);
            int seconds = 5;
            long sent = SocketAttacks.joinRequestFlood(port, 40, seconds, n -> "{\"origin\":null,\"destination\":null,"
                    + "\"signal\":{\"type\":\"\\u001b[2J\\u202e" + n + "\",\"candidate\":{\"candidate\":\"c\"}},\"rank\":" + n + "}");
            Await.until(() -> server.status().signalsRouted() >= sent * 9 / 10, "the flood reached the root", 30);
            Thread.sleep(1_000);
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(sent).as("join requests sent").isGreaterThan(2_000);
            long joinRequestLines = lines.stream().filter(l -> l.contains("join-request")).count();
            assertThat(joinRequestLines).as("join-request lines for %d requests", sent)
                    .isLessThanOrEqualTo(25L * (seconds + 3));
            assertThat(lines).anyMatch(l -> l.contains("more like it"));
            assertThat(String.join("\n", lines)).doesNotContain("\u001b").doesNotContain("\u202e");
        } finally {
            root.destroy();
            root.waitFor(15, TimeUnit.SECONDS);
            server.close();
            Files.deleteIfExists(output);
        }
    }
}
