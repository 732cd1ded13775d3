package org.genet.natlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.ice.IceConfig;
import org.genet.net.GenetNode;
import org.genet.overlay.CandidatePair;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;

/**
 * {@code --relay-only} between two nodes on one machine: every packet goes through coturn (on
 * 127.0.0.1), whose credentials the bootstrap server mints from the shared secret, and both ends
 * see their link as {@code relay}.
 */
class RelayOnlyTest {

    @Test
    void relayOnlyNodesConnectThroughCoturn() throws Exception {
        try (LocalCoturn turn = new LocalCoturn("relay-test-secret")) {
            BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                    ServerConfig.builder("s").iceServers(List.of(turn.url()), turn.secret, 600).build());
            int port = server.startAndWait();
            URI address = URI.create("ws://127.0.0.1:" + port);
            IceConfig relayOnly = IceConfig.of(List.of(), null, null, true);
            GenetNode root = GenetNode.connect(address, 10, 20_000).ice(relayOnly);
            GenetNode node = GenetNode.connect(address, 10, 20_000).ice(relayOnly);
            BlockingQueue<CandidatePair> rootSees = new LinkedBlockingQueue<>();
            BlockingQueue<CandidatePair> nodeSees = new LinkedBlockingQueue<>();
            root.on(e -> {
                if (e instanceof NodeEvent.Link l) {
                    rootSees.add(l.pair());
                }
            });
            node.on(e -> {
                if (e instanceof NodeEvent.Link l) {
                    nodeSees.add(l.pair());
                }
            });
            try {
                org.genet.Await.until(() -> root.iceConfig().hasTurn() && node.iceConfig().hasTurn(),
                        "both nodes have the TURN server the bootstrap server hands out", 15);
                root.becomeRoot("s");
                node.join();
                CandidatePair fromNode = nodeSees.poll(30, TimeUnit.SECONDS);
                CandidatePair fromRoot = rootSees.poll(10, TimeUnit.SECONDS);
                assertThat(fromNode).as("the node's link; coturn said:\n" + turn.log()).isNotNull();
                assertThat(fromNode.link()).isEqualTo(CandidatePair.RELAY);
                assertThat(fromNode.local()).isEqualTo("relay");
                assertThat(fromRoot).isNotNull();
                assertThat(fromRoot.link()).isEqualTo(CandidatePair.RELAY);
                assertThat(node.iceConfig().relayOnly()).isTrue();
                // coturn saw both allocations, made with credentials the server minted
                assertThat(turn.log()).contains("ALLOCATE processed, success").contains(":genet-");
            } finally {
                GenetNode.closeAll(List.of(root, node));
                server.close();
                WebRtc.shutdown();
            }
        }
    }
}
