package org.genet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapServer;
import org.junit.jupiter.api.Test;

/** The root and node commands as separate processes, talking over real WebRTC. */
class NodeProcessesTest {

    private static final class Running implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Running(String... args) throws IOException {
            List<String> command = new java.util.ArrayList<>(List.of(
                    System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String await(String fragment) throws InterruptedException {
            StringBuilder seen = new StringBuilder();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    seen.append(line).append('\n');
                    if (line.contains(fragment)) {
                        return line;
                    }
                }
            }
            throw new AssertionError("no line with '" + fragment + "' within 30 s; output:\n" + seen);
        }

        /** Stops it as Ctrl-C would (SIGTERM runs the same shutdown hooks). */
        @Override
        public void close() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the process did not stop within 15 s");
            }
        }
    }

    @Test
    void aRootAndANodeInTwoProcessesTalk() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), BootstrapServer.Config.withSecret("p"));
        int port = server.startAndWait();
        String host = "127.0.0.1:" + port;
        try (Running root = new Running("root", "--host", host, "--secret", "p", "--max-degree", "3")) {
            root.await("root-open");
            try (Running node = new Running("node", "--host", host, "--origin", "carol")) {
                node.await("parent-connect");
                node.await("from parent: \"ping\"");
                assertThat(root.await("answered")).endsWith("child 0 answered: carol");
                // Ctrl-C: the node closes its connections, so the root sees its child leave at once
                node.close();
                root.await("child-close");
            }
        } finally {
            server.close();
        }
    }

    @Test
    void aNodeWithoutServerSaysSoAndTriesAgain() throws Exception {
        int port = org.genet.Ports.closed();
        try (Running node = new Running("node", "--host", "127.0.0.1:" + port, "--origin", "x")) {
            assertThat(node.await("join-fail")).contains("cannot reach the server");
            node.await("trying again");
        }
    }

    /** The case: a node whose parent leaves prints that it rejoins, and is back under the root. */
    @Test
    void aNodeWhoseParentLeavesRejoinsAndSaysSo() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), BootstrapServer.Config.withSecret("p"));
        int port = server.startAndWait();
        String host = "127.0.0.1:" + port;
        try (Running root = new Running("root", "--host", host, "--secret", "p", "--max-degree", "1")) {
            root.await("root-open");
            try (Running a = new Running("node", "--host", host, "--origin", "a")) {
                a.await("parent-connect");
                try (Running b = new Running("node", "--host", host, "--origin", "b")) {
                    a.await("child-connect"); // b, delegated to a: the root takes one child
                    b.await("parent-connect");
                    a.close();
                    b.await("rejoining");
                    assertThat(b.await("rejoined the tree")).contains("children kept: 0");
                    root.await("answered: b");
                }
            }
        } finally {
            server.close();
        }
    }
}
