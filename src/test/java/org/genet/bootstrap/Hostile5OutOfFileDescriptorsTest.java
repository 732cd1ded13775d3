package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.genet.Await;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, defect 5: out of file descriptors, the listening socket was closed for good, without a
 * log line. Now connections are kept under the descriptor limit (those beyond get 503), and if
 * accepting fails all the same it is logged and retried a second later: the port stays open.
 */
class Hostile5OutOfFileDescriptorsTest {

    private static List<WireClient> flood(ServerProcess server, int n) {
        List<WireClient> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                open.add(WireClient.connect(server.port, "127.0.0." + (2 + i % 50)));
            } catch (IOException e) {
                break; // the backlog is full: the server is not accepting
            }
        }
        return open;
    }

    private static void servedAfterwards(ServerProcess server) throws Exception {
        Await.until(() -> {
            try (WireClient c = WireClient.connect(server.port)) {
                c.write("GET /status.json HTTP/1.1\r\nHost: x\r\n\r\n");
                return c.readReply(true).status() == 200;
            } catch (IOException e) {
                return false;
            }
        }, "the server answers again", 10);
        try (BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + server.port))) {
            Recorder root = new Recorder();
            RootConnection r = client.openRoot(ServerFixture.SECRET, root, Runnable::run);
            root.awaitOpen();
            Recorder joiner = new Recorder();
            SignalingSession s = client.openSession(null, joiner, Runnable::run, 10_000);
            s.send(ServerFixture.json("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}"));
            assertThat(root.nextSignalMessage(10).path("signal").path("type").asText()).isEqualTo("offer");
            s.close();
            r.close();
        }
    }

    @Test
    void connectionsStayUnderTheDescriptorLimit() throws Exception {
        try (ServerProcess server = new ServerProcess(256)) {
            List<WireClient> open = flood(server, 400);
            try {
                server.await(() -> server.logText().contains("new ones wait until one closes"), "the pause is logged");
                assertThat(server.fds()).as("descriptors in use").isLessThan(256);
            } finally {
                open.forEach(WireClient::close);
            }
            assertThat(server.logText()).doesNotContain("could not accept");
            servedAfterwards(server);
            assertThat(server.process.isAlive()).isTrue();
        }
    }

    @Test
    void whenAcceptingFailsTheServerSaysSoAndAcceptsAgainLater() throws Exception {
        try (ServerProcess server = new ServerProcess(256)) {
            servedAfterwards(server); // every class on the way is loaded: loading one needs a descriptor too
            // the descriptors run out under the server's feet: it cannot know in advance
            int low = server.fds() + 10;
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(server.process.pid()),
                    "--nofile=" + low + ":" + 256).inheritIO().start();
            assertThat(prlimit.waitFor()).isZero();
            List<WireClient> open = flood(server, 60);
            try {
                server.await(() -> server.logText().contains("could not accept a connection"), "the failure is logged");
            } finally {
                open.forEach(WireClient::close);
            }
            servedAfterwards(server);
            long lines = server.logText().lines().filter(l -> l.contains("could not accept")).count();
            assertThat(lines).as("accept failures are logged, rate-limited").isBetween(1L, 3L);
        }
    }
}
