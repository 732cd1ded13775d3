package org.genet.natlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.genet.interop.OriginalJsAccess;
import org.genet.natlab.NatLab.Nat;
import org.genet.natlab.NatLab.Proc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Genet across NATs, in a lab of network namespaces ({@link NatLab}): homes behind Linux NAT
 * routers that drop what nobody inside asked for, a bootstrap server and coturn on the "internet".
 * Skipped, saying why, where the lab cannot be made (not root, no ip netns, iptables or coturn).
 */
class NatLabTest {

    /** Two homes behind cone NATs, a server with no option at all: its own STUN is enough. */
    @Test
    void coneToConeJoinsThroughTheServersOwnStun() throws Exception {
        Path topology = Files.createTempFile("genet-lab-topology", ".json");
        try (NatLab lab = NatLab.create(Nat.CONE, Nat.CONE)) {
            lab.server();
            Proc root = lab.genet(lab.home(1), "root", "root", "--host", NatLab.SERVER, "--secret", "lab", "--name", "rooty",
                    "--topology", topology.toString());
            root.await("root-open", 30);
            Proc node = lab.genet(lab.home(2), "node", "node", "--host", NatLab.SERVER, "--origin", "alice", "--no-repair");
            node.await("parent-connect", 30);
            String link = node.await("link ", 15);
            assertTrue(link.matches(".*link +parent.*: nat \\(.*"), "the node's link to its parent goes through the NATs: " + link);
            root.await("answered: alice", 15);
            assertTrue(root.await("link ", 15).matches(".*link +child 0.*: nat \\(.*"), root.output());
            // the node reports its link: root --topology gives it for every node
            org.genet.Await.until(() -> {
                try {
                    for (var n : org.genet.overlay.Wire.json().readTree(Files.readString(topology)).path("nodes")) {
                        if ("alice".equals(n.path("name").asText()) && "nat".equals(n.path("link").asText())) {
                            return true;
                        }
                    }
                } catch (java.io.IOException e) {
                    // being rewritten
                }
                return false;
            }, "alice's link in root --topology is nat", 15);
        } finally {
            Files.deleteIfExists(topology);
        }
    }

    /** The same without STUN fails: the proof that the lab's NATs are real, and what the node then says. */
    @Test
    void withoutStunTheSameJoinFails() throws Exception {
        try (NatLab lab = NatLab.create(Nat.CONE, Nat.CONE)) {
            lab.server("--no-stun");
            Proc root = lab.genet(lab.home(1), "root", "root", "--host", NatLab.SERVER, "--secret", "lab");
            root.await("root-open", 30);
            long start = System.nanoTime();
            Proc node = lab.genet(lab.home(2), "node", "node", "--host", NatLab.SERVER, "--origin", "alice", "--no-repair");
            String fail = node.await("join-fail", 60);
            System.out.println("join-fail after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + fail);
            assertTrue(fail.contains("no network path to the parent: both behind NATs that need TURN; see README, Across the internet"), fail);
            assertNull(node.awaitOrNull("parent-connect", 0), node.output());
        }
    }

    /**
     * A node behind a symmetric NAT and a root behind a cone NAT: no STUN address works for the
     * symmetric side, so they connect only through coturn, which the server hands out with
     * credentials minted from --turn-secret. The same pair on a server without TURN (run beside it,
     * at the same time) does not connect.
     */
    @Test
    void symmetricToConeJoinsOnlyThroughTurn() throws Exception {
        NatLab.assumeCoturn();
        try (NatLab lab = NatLab.create(Nat.SYMMETRIC, Nat.CONE)) {
            lab.coturn("turn-secret");
            lab.server(5000, "--ice-server", "turn:" + NatLab.TURN_IP + ":3478", "--turn-secret", "turn-secret");
            lab.server(5001);
            Proc relayedRoot = lab.genet(lab.home(2), "root:5000", "root", "--host", NatLab.SERVER_IP + ":5000", "--secret", "lab");
            Proc stunRoot = lab.genet(lab.home(2), "root:5001", "root", "--host", NatLab.SERVER_IP + ":5001", "--secret", "lab");
            relayedRoot.await("root-open", 30);
            stunRoot.await("root-open", 30);
            Proc relayed = lab.genet(lab.home(1), "node:5000", "node", "--host", NatLab.SERVER_IP + ":5000", "--origin", "bob", "--no-repair");
            Proc stunOnly = lab.genet(lab.home(1), "node:5001", "node", "--host", NatLab.SERVER_IP + ":5001", "--origin", "carol", "--no-repair");
            relayed.await("parent-connect", 40);
            String link = relayed.await("link ", 15);
            assertTrue(link.matches(".*link +parent.*: relay \\(.*"), "through coturn: " + link);
            relayedRoot.await("answered: bob", 15);
            String fail = stunOnly.await("join-fail", 60);
            assertTrue(fail.contains("no network path to the parent"), fail);
            assertNull(stunOnly.awaitOrNull("parent-connect", 0), stunOnly.output());
        }
    }

    /** The browser page (chromium) in one home joins a Java root in another, through the server's STUN. */
    @Test
    void aBrowserInOneHomeJoinsAJavaRootInAnother() throws Exception {
        Assumptions.assumeTrue(NatLab.runs("chromium", "--version"), "this test needs Debian's chromium");
        try (NatLab lab = NatLab.create(Nat.CONE, Nat.CONE)) {
            lab.server();
            Proc root = lab.genet(lab.home(2), "root", "root", "--host", NatLab.SERVER, "--secret", "lab");
            root.await("root-open", 30);
            Path profile = Files.createTempDirectory("genet-chromium");
            try {
                lab.start(lab.home(1), "chromium", List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + profile,
                        "http://" + NatLab.SERVER + "/#pat"), Map.of());
                root.await("answered: pat", 60);
                String link = root.await("link ", 15);
                assertTrue(link.matches(".*link +child 0.*: nat \\(.*"), "the browser's link goes through the NATs: " + link);
            } finally {
                lab.stopAll("chromium");
                try (var files = Files.walk(profile)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /**
     * The original JavaScript node (webrtc-tree-overlay over simple-peer), given the ICE server our
     * clients take from the server, joins a Java root across the two NATs; its wire is unchanged.
     */
    @Test
    void anOriginalJavaScriptNodeJoinsAJavaRootAcrossTheNats() throws Exception {
        Assumptions.assumeTrue(NatLab.runs("node", "--version"), "this test needs Node.js");
        try (NatLab lab = NatLab.create(Nat.CONE, Nat.CONE)) {
            lab.server();
            Path scripts = OriginalJsAccess.scripts();
            Proc root = lab.genet(lab.home(1), "root", "root", "--host", NatLab.SERVER, "--secret", "lab");
            root.await("root-open", 30);
            Proc js = lab.start(lab.home(2), "original", List.of("node", scripts.resolve("original-tree-node.js").toString(),
                    NatLab.SERVER, "jsnode", "10"), Map.of("GENET_ICE_SERVERS", "[{\"urls\":\"stun:" + NatLab.SERVER + "\"}]"));
            js.await("\"parent-connect\"", 40);
            root.await("answered: jsnode", 15);
            String link = root.await("link ", 15);
            assertTrue(link.matches(".*link +child 0.*: nat \\(.*"), "the original node's link goes through the NATs: " + link);
        }
    }
}
