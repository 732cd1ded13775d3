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
import org.genet.bootstrap.ServerConfig;
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
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("p").build());
        int port = server.startAndWait();
        String host = "127.0.0.1:" + port;
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("genet-topology");
        java.nio.file.Path file = dir.resolve("tree.json");
        try (Running root = new Running("root", "--host", host, "--secret", "p", "--max-degree", "3", "--name", "stage",
                "--topology", file.toString())) {
            root.await("root-open");
            try (Running node = new Running("node", "--host", host, "--origin", "carol")) {
                assertThat(node.await("node carol (")).contains("maxDegree 10");
                node.await("parent-connect");
                assertThat(node.await("hello")).contains("parent is ").contains(", java");
                node.await("from parent: \"ping\"");
                // the root names its child as the child names itself
                assertThat(root.await("hello")).contains("child 0 is carol (");
                assertThat(root.await("answered")).endsWith("child 0 (carol) answered: carol");
                // root --topology: the whole tree, rewritten on change
                com.fasterxml.jackson.databind.JsonNode[] tree = new com.fasterxml.jackson.databind.JsonNode[1];
                org.genet.Await.until(() -> {
                    try {
                        tree[0] = org.genet.overlay.Wire.parse(java.nio.file.Files.readString(file));
                        return tree[0].path("size").asInt() == 2 && tree[0].path("nodes").get(1).path("reports").asBoolean();
                    } catch (java.io.IOException | org.genet.overlay.WireException e) {
                        return false;
                    }
                }, "the topology file holds the root and its child", 20);
                com.fasterxml.jackson.databind.JsonNode top = tree[0].path("nodes").get(0);
                com.fasterxml.jackson.databind.JsonNode child = tree[0].path("nodes").get(1);
                assertThat(top.path("name").asText()).isEqualTo("stage");
                assertThat(top.path("id").asText()).isEqualTo(tree[0].path("top").asText());
                assertThat(top.path("depth").asInt()).isZero();
                assertThat(top.path("children").path("0").asText()).isEqualTo(child.path("id").asText());
                assertThat(child.path("name").asText()).isEqualTo("carol");
                assertThat(child.path("parent").asText()).isEqualTo(top.path("id").asText());
                assertThat(child.path("slot").asInt()).isZero();
                assertThat(child.path("depth").asInt()).isEqualTo(1);
                assertThat(child.path("impl").asText()).isEqualTo("java");
                assertThat(child.path("maxDegree").asInt()).isEqualTo(10);
                assertThat(child.path("candidates").isArray()).isTrue();
                // Ctrl-C: the node closes its connections, so the root sees its child leave at once
                node.close();
                root.await("child-close");
                org.genet.Await.until(() -> {
                    try {
                        return org.genet.overlay.Wire.parse(java.nio.file.Files.readString(file)).path("size").asInt() == 1;
                    } catch (java.io.IOException | org.genet.overlay.WireException e) {
                        return false;
                    }
                }, "the topology file loses the child that left", 20);
            }
        } finally {
            server.close();
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("p").build());
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
