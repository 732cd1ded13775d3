package org.genet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;

/**
 * A frozen neighbour is cut by WebRTC's connection state, not by keepalives: an original node (it
 * sends none, so keepalives cannot see it) joins our root over real WebRTC, its process is stopped
 * (SIGSTOP), and our root frees its slot within a few seconds (before, only WebRTC's 15 s grace
 * for a DISCONNECTED connection ended it).
 */
class StalledChildInteropTest {
    private static final long BOUND_MS = 10_000;

    @Test
    void aFrozenOriginalChildIsCutByTheConnectionStateWithinTheBound() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("stall").build());
        int port = server.startAndWait();
        BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
        NodeLoop loop = new NodeLoop("stall-loop");
        OriginalJs js = new OriginalJs();
        GenetNode root = new GenetNode(client, loop, new Random(), 2, 30_000);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        long pid = -1;
        try {
            root.on(event -> {
                if (event instanceof NodeEvent.ChildConnect || event instanceof NodeEvent.ChildClose
                        || event instanceof NodeEvent.ChildError) {
                    events.add(event.kind() + (event instanceof NodeEvent.ChildError e ? ": " + e.reason() : ""));
                }
            });
            root.becomeRoot("stall");
            Thread.sleep(300);
            OriginalJs.Script child = js.start("original-tree-node.js", "127.0.0.1:" + port, "js", "1");
            child.await("parent-connect");
            assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("child-connect");
            pid = child.process.pid();

            long stoppedAt = System.nanoTime();
            signal("-STOP", pid);
            String cut = events.poll(BOUND_MS, TimeUnit.MILLISECONDS);
            long cutMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            assertThat(cut).as("the frozen child cut within %d ms", BOUND_MS).startsWith("child-error").contains("WebRTC's checks");
            assertThat(cutMs).isGreaterThan(1_000);
            assertThat(root.childrenNb()).isZero();
        } finally {
            if (pid > 0) {
                signal("-CONT", pid);
            }
            js.close();
            root.close();
            loop.close();
            client.close();
            server.close();
            WebRtc.shutdown();
        }
    }

    private static void signal(String which, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill %s %d", which, pid).isTrue();
    }
}
