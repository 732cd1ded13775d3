package org.genet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DNS-SD for real, between a {@code genet server} process that announces its tree and a
 * {@code genet discover} process that lists it, both inside a network namespace this test makes
 * ({@code unshare -n}) whose only interface is its own loopback: multicast never leaves the
 * machine, and both bind JmDNS to 127.0.0.1 explicitly. The test skips, saying why, where it
 * cannot make that namespace. WebRTC cannot connect inside such a namespace (it gathers no
 * loopback candidates), so the join itself happens outside, at the address discovery found: the
 * namespaced server takes a port that is free on this machine, and a real server and root wait
 * there.
 */
class LanDiscoveryTest {
    private static final String IN_NAMESPACE = String.join("\n",
            "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 97",
            "\"$JAVA\" -cp \"$CP\" org.genet.cli.Main server --port \"$PORT\" --secret s --lan-address 127.0.0.1 --name \"$NAME\" >&2 &",
            "server=$!",
            "\"$JAVA\" -cp \"$CP\" org.genet.cli.Main discover --lan-address 127.0.0.1 --until 1 --wait-s 60 --json",
            "found=$?",
            "kill $server; wait $server",
            "exit $found");

    @Test
    void aTreeAnnouncedByGenetServerIsFoundAndJoinedAtTheAddressFound() throws Exception {
        assumeNamespaces();
        int port;
        try (ServerSocket s = new ServerSocket()) { // free here too: the join happens here, outside the namespace
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        Output output = runInNamespace(IN_NAMESPACE, "Tree of the discovery test", Integer.toString(port),
                "server and discover in the namespace finish");
        CompletableFuture<String> out = output.out();
        CompletableFuture<String> err = output.err();

        JsonNode trees = new ObjectMapper().readTree(out.get());
        assertThat(trees).as("the trees discover found").hasSize(1);
        JsonNode tree = trees.get(0);
        assertThat(tree.get("name").asText()).isEqualTo("Tree of the discovery test");
        assertThat(tree.get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(tree.get("port").asInt()).isEqualTo(port);
        assertThat(tree.get("rootConnected").asBoolean()).isFalse();
        assertThat(tree.get("link").asText()).isEqualTo("genet://127.0.0.1:" + port);
        assertThat(err.get()).contains("Announcing the tree as \"Tree of the discovery test\" on the LAN through 127.0.0.1");

        // the join, at the address found, outside the namespace
        FoundTree found = new FoundTree(tree.get("name").asText(), tree.get("host").asText(), tree.get("port").asInt(),
                tree.get("nodes").asInt(), tree.get("rootConnected").asBoolean());
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", port), ServerConfig.builder("s").build());
        server.startAndWait();
        GenetNode root = GenetNode.connect(found.server(), 4, 30_000);
        GenetNode joiner = GenetNode.connect(found.server(), 4, 30_000);
        try {
            root.becomeRoot("s");
            Await.until(() -> server.status().rootConnected(), "the root is connected", 20);
            joiner.join();
            Await.until(() -> joiner.parent() != null, "the joiner has a parent", 30);
            // the joiner's end opens before the root's loop counts its child
            Await.until(() -> root.childrenNb() == 1, "the root counts the joiner as its child", 10);
        } finally {
            joiner.close();
            root.close();
            server.close();
        }
    }

    private static final String TWO_ANNOUNCERS = String.join("\n",
            "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo || exit 97",
            "\"$JAVA\" -cp \"$CP\" org.genet.cli.Main server --port 0 --secret s --lan-address 127.0.0.1 --name \"$NAME\" >&2 &",
            "first=$!",
            "sleep 4", // the first holds the name, then another announcer claims it
            "\"$JAVA\" -cp \"$CP\" org.genet.cli.Main server --port 0 --secret s --lan-address 127.0.0.1 --name \"$NAME\" >&2 &",
            "second=$!",
            "\"$JAVA\" -cp \"$CP\" org.genet.cli.Main discover --lan-address 127.0.0.1 --until 2 --wait-s 60 --json",
            "found=$?",
            "kill $first $second; wait $first $second",
            "exit $found");

    /**
     * Issue 19, finding 6: an announcer on the LAN took a tree's name, and the real tree was listed
     * as "Real tree (2)" with nothing to tell which is which. Both are listed with their addresses,
     * and both marked as sharing the name, each naming the other's address.
     */
    @Test
    void aNameTwoAnnouncersClaimIsMarkedOnBothWithTheirAddresses() throws Exception {
        assumeNamespaces();
        Output output = runInNamespace(TWO_ANNOUNCERS, "Real tree", null, "servers and discover in the namespace finish");
        CompletableFuture<String> out = output.out();
        CompletableFuture<String> err = output.err();
        JsonNode trees = new ObjectMapper().readTree(out.get());
        assertThat(trees).as("the trees discover found: " + out.get()).hasSize(2);
        assertThat(trees.get(0).get("name").asText()).isEqualTo("Real tree");
        assertThat(trees.get(1).get("name").asText()).isEqualTo("Real tree (2)");
        for (int i = 0; i < 2; i++) {
            JsonNode other = trees.get(1 - i);
            assertThat(trees.get(i).get("claimedName").asText()).isEqualTo("Real tree");
            assertThat(trees.get(i).get("nameSharedWith").asText())
                    .isEqualTo(other.get("host").asText() + ":" + other.get("port").asInt());
        }
        assertThat(err.get()).contains("the name \"Real tree\" is taken on the LAN by another announcer");
    }

    /** What a script run in the namespace printed: the trees on standard output, the servers' log on error. */
    private record Output(CompletableFuture<String> out, CompletableFuture<String> err) {
    }

    /**
     * Runs {@code script} in a network namespace of its own with the tree's name (and the server's port,
     * unless null) in its environment, and checks that it finished, could set up multicast (else the test
     * is skipped) and that discover exited with 0.
     */
    private static Output runInNamespace(String script, String name, String port, String finishes) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", "-c", script);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("CP", System.getProperty("java.class.path"));
        if (port != null) {
            pb.environment().put("PORT", port);
        }
        pb.environment().put("NAME", name);
        Process process = pb.start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(finishes).isTrue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        Assumptions.assumeTrue(process.exitValue() != 97,
                "could not set up multicast on the namespace's loopback: " + err.get());
        assertThat(process.exitValue()).as("discover's exit code; it printed: " + out.get() + err.get()).isZero();
        return new Output(out, err);
    }

    private static void assumeNamespaces() throws Exception {
        String why;
        try {
            Process p = new ProcessBuilder("unshare", "-n", "ip", "link", "show", "lo").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            why = text.strip();
        } catch (java.io.IOException e) {
            why = e.getMessage();
        }
        Assumptions.abort("DNS-SD test skipped: it needs a network namespace of its own (unshare -n, as root, and ip),"
                + " so that multicast never leaves the machine; here: " + why);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }
}
