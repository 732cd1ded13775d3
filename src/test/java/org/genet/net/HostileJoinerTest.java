package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.Recorder;
import org.genet.bootstrap.SignalingSession;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.PeerLink;
import org.genet.overlay.Wire;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: a hostile joiner cannot crash the root or any node. A malformed offer, thousands of ICE
 * candidates, or a child that breaks the tree protocol each end with a log line and the offender
 * cut off, and the root goes on taking good nodes. Real WebRTC, real server.
 */
class HostileJoinerTest {

    @Test
    void aMalformedOfferCostsTheRootOneDroppedCandidate() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(10);
            SignalingSession hostile = tree.client.openSession(null, new Recorder(), Runnable::run, 10_000);
            hostile.send(Wire.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nthis is no session description\\r\\n\"}"));
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.CandidateDrop),
                    "the root drops the candidate");
            assertThat(root.childrenNb()).isZero();
            hostile.close();
            tree.goodNodeJoins(root);
        }
    }

    @Test
    void thousandsOfIceCandidatesAreCutOff() throws Exception {
        try (RealTree tree = new RealTree()) {
            GenetNode root = tree.startRoot(10);
            // a real offer, from a peer of our own that will never connect
            JsonNode offer = NodeAttacks.realOffer();
            SignalingSession hostile = tree.client.openSession(null, new Recorder(), Runnable::run, 10_000);
            hostile.send(offer);
            for (int i = 0; i < 150; i++) { // loopback addresses only: the root's ICE checks stay on this machine
                ObjectNode c = JsonNodeFactory.instance.objectNode();
                c.put("type", "candidate");
                c.putObject("candidate").put("candidate", "candidate:" + i + " 1 udp 2122260223 127.0.0.1 " + (20_000 + i)
                        + " typ host generation 0").put("sdpMLineIndex", 0).put("sdpMid", "0");
                hostile.send(c);
            }
            // the first candidates travel down the tree as join requests, the rest straight to the answering peer:
            // whichever counts past its bound gives the candidate up
            RealTree.await(() -> tree.rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.CandidateDrop drop
                    && drop.reason().matches(".*over \\d+ (signals|ICE candidates).*")), "the root gives up the candidate");
            hostile.close();
            tree.goodNodeJoins(root);
        }
    }

    @Test
    void aChildThatBreaksTheTreeProtocolIsClosed() throws Exception {
        try (RealTree tree = new RealTree(); NodeLoop loop = new NodeLoop("hostile")) {
            GenetNode root = tree.startRoot(10);
            for (String frame : new String[] {
                    "{\"type\":\"JOIN-REQUEST\",\"origin\":\"0123456789abcdef0123456789abcdef\",\"destination\":null,"
                            + "\"signal\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"},\"rank\":0}",
                    "this is not JSON", "{\"type\":\"NOT-A-TYPE\"}"}) {
                CountDownLatch open = new CountDownLatch(1);
                CountDownLatch closed = new CountDownLatch(1);
                RtcLink hostile = new RtcLink(tree.client, loop, null, 10_000, new PeerLink.Listener() {
                    public void onOpen() {
                        open.countDown();
                    }

                    public void onMessage(String text) {
                    }

                    public void onClose() {
                        closed.countDown();
                    }

                    public void onError(String reason) {
                        closed.countDown();
                    }
                });
                assertThat(open.await(20, TimeUnit.SECONDS)).as("the hostile child connects").isTrue();
                RealTree.await(() -> root.childrenNb() == 1, "the root has the hostile child");
                hostile.send(frame);
                RealTree.await(() -> root.childrenNb() == 0, "the root closes the child that sent " + frame);
                assertThat(closed.await(20, TimeUnit.SECONDS)).as("the hostile child sees its parent go").isTrue();
                hostile.close();
            }
            assertThat(tree.rootEvents.stream().filter(e -> e instanceof NodeEvent.ChildError).count()).isEqualTo(3);
            tree.goodNodeJoins(root);
        }
    }
}
