package org.genet.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.genet.bootstrap.BootstrapClient;
import org.genet.overlay.Extensions;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.Wire;
import org.genet.webrtc.RtcPeer;
import org.genet.webrtc.WebRtc;

/**
 * Issue 19's attacks by hostile Genet nodes over real WebRTC, as a tool: the soak and the
 * before/after measurements run them against a {@code genet root} or {@code genet node} of any
 * build. Each hostile node is a real node ({@link RawLinks}) that the attack speaks for on top.
 */
public final class NodeAttacks {
    private NodeAttacks() {
    }

    /** A real node whose links the attack may also write to. */
    static GenetNode rawNode(BootstrapClient client, NodeLoop loop, int maxDegree, AtomicReference<RawLinks> links) {
        return new GenetNode(client, loop, new Random(), maxDegree, 30_000, false, network -> {
            RawLinks raw = new RawLinks(network);
            links.set(raw);
            return raw;
        });
    }

    /**
     * A report frame: the top, naming 1,024 children "h0".."h1023", and 7 of those, each naming
     * 1,024 children that are never reported. 147 frames bring every hN: 1,048,576 unknown nodes
     * below the top. The top comes again in every frame (the node's own reports of itself, sent
     * when its round trip time moves, would otherwise cut the rest off).
     */
    static String phantomReport(String top, int seq) {
        ObjectNode report = Extensions.payload(Extensions.REPORT);
        report.put("seq", 1_000_000 + seq).put("full", seq == 0).put("top", top);
        ArrayNode nodes = report.putArray("nodes");
        ObjectNode topNode = nodes.addObject().put("id", top).put("impl", "java").put("maxDegree", 1_024);
        ObjectNode topChildren = topNode.putObject("children");
        for (int slot = 0; slot < 1_024; slot++) {
            topChildren.put(Integer.toString(slot), "h" + slot);
        }
        for (int i = 0; i < 7 && seq * 7 + i < 1_024; i++) {
            int h = seq * 7 + i;
            ObjectNode n = nodes.addObject().put("id", "h" + h).put("impl", "java").put("maxDegree", 1_024);
            ObjectNode children = n.putObject("children");
            for (int slot = 0; slot < 1_024; slot++) {
                children.put(Integer.toString(slot), "g" + h + "-" + slot);
            }
        }
        return Wire.dataFrame(report);
    }

    /**
     * Report {@code r} of a child {@code top} whose subtree is made up: 8 nodes, each naming 1,024
     * children that never report (8,192 unknown nodes a report); the first, a full report.
     */
    public static String phantomSubtreeReport(String top, int r) {
        ObjectNode report = Extensions.payload(Extensions.REPORT);
        report.put("seq", 1_000 + r).put("full", r == 0).put("top", top);
        ArrayNode nodes = report.putArray("nodes");
        for (int i = 0; i < 8; i++) {
            ObjectNode n = nodes.addObject().put("id", r + i == 0 ? top : "h" + r + "-" + i)
                    .put("impl", "java").put("maxDegree", 1_024);
            ObjectNode children = n.putObject("children");
            for (int slot = 0; slot < 1_024; slot++) {
                children.put(Integer.toString(slot), "g" + r + "-" + i + "-" + slot); // never reported
            }
        }
        return Wire.dataFrame(report);
    }

    /** Counts the times {@code node} loses its parent (closed or failed). */
    private static AtomicInteger parentLosses(GenetNode node) {
        AtomicInteger lost = new AtomicInteger();
        node.on(e -> {
            if (e instanceof NodeEvent.ParentClose || e instanceof NodeEvent.ParentError) {
                lost.incrementAndGet();
            }
        });
        return lost;
    }

    /** A forged join request of origin number {@code n}, with a real offer. */
    public static String forgedRequest(int n, JsonNode offer) {
        ObjectNode request = Wire.json().createObjectNode();
        request.put("origin", String.format("%032x", 0xf0000000L + n));
        request.putNull("destination");
        request.set("signal", offer);
        request.put("rank", 0);
        request.put("type", Wire.TYPE_JOIN_REQUEST);
        return Wire.write(request);
    }

    /** A real offer, from a peer of our own closed at once: a candidate made from it never connects. */
    public static JsonNode realOffer() throws Exception {
        List<JsonNode> signals = new CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        RtcPeer source = new RtcPeer(true, executor, new RtcPeer.Listener() {
            public void onSignal(JsonNode signal) {
                signals.add(signal);
            }

            public void onConnect() {
            }

            public void onData(String text) {
            }

            public void onClose() {
            }

            public void onError(String reason) {
            }
        });
        org.genet.Await.until(() -> signals.stream().anyMatch(s -> "offer".equals(s.path("type").asText())), "an offer", 20);
        source.close();
        executor.submit(() -> { }).get();
        executor.shutdown();
        return signals.stream().filter(s -> "offer".equals(s.path("type").asText())).findFirst().orElseThrow();
    }

    /**
     * Finding 1: a good child "alice" joins, then a hostile child that sends {@code frames} phantom
     * reports ({@link #phantomReport}), 50 ms apart. Returns a line: whether the
     * hostile child was closed, and whether alice kept her parent all along.
     */
    public static String phantomChild(BootstrapClient client, NodeLoop loop, int frames) throws Exception {
        GenetNode alice = new GenetNode(client, loop, new Random(), 10, 30_000).setName("alice");
        AtomicInteger aliceLost = parentLosses(alice);
        alice.join();
        org.genet.Await.until(() -> alice.parent() != null && alice.parent().speaksGenet(), "alice joined", 30);
        AtomicReference<RawLinks> links = new AtomicReference<>();
        GenetNode hostile = rawNode(client, loop, 10, links);
        AtomicInteger hostileLost = parentLosses(hostile);
        hostile.repair(false).join();
        org.genet.Await.until(() -> hostile.parent() != null && hostile.parent().speaksGenet(), "the hostile child joined", 30);
        int sent = 0;
        for (; sent < frames && hostileLost.get() == 0; sent++) {
            links.get().parentLink().send(phantomReport(hostile.id(), sent));
            Thread.sleep(50);
        }
        Thread.sleep(5_000);
        String result = "phantom-child: " + sent + " frames sent (" + Math.min(1_024, sent * 7) * 1_024 + " phantom children), hostile child "
                + (hostileLost.get() > 0 ? "closed by the root" : "still a child") + ", alice lost her parent "
                + aliceLost.get() + " times";
        GenetNode.closeAll(List.of(alice, hostile));
        return result;
    }

    /**
     * Finding 4: this process becomes the root with {@code secret}; the first child that joins is
     * sent a hello with a depth of {@code Integer.MAX_VALUE}, then {@code forged} forged join
     * requests (a real offer each, fresh origins), 5,000 a second. Returns a line: sent, and whether
     * the child cut it off.
     */
    public static String hostileParent(BootstrapClient client, NodeLoop loop, String secret, int forged) throws Exception {
        AtomicReference<RawLinks> links = new AtomicReference<>();
        GenetNode root = rawNode(client, loop, 10, links);
        AtomicInteger children = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        root.on(e -> {
            if (e instanceof NodeEvent.ChildConnect) {
                children.incrementAndGet();
            } else if (e instanceof NodeEvent.ChildClose || e instanceof NodeEvent.ChildError) {
                closed.incrementAndGet();
            }
        }).repair(false).becomeRoot(secret);
        org.genet.Await.until(() -> children.get() > 0, "a child joined the hostile root", 120);
        Thread.sleep(1_000);
        ObjectNode hello = Extensions.payload(Extensions.HELLO);
        hello.put("id", root.id()).put("name", "\u001b[2Jparent\n").put("impl", "java").put("maxDegree", 10)
                .put("depth", Integer.MAX_VALUE);
        links.get().childLink().send(Wire.dataFrame(hello));
        JsonNode offer = realOffer();
        int sent = 0;
        for (; sent < forged && closed.get() == 0; sent++) {
            links.get().childLink().send(forgedRequest(sent, offer));
            if (sent % 100 == 99) {
                Thread.sleep(20);
            }
        }
        Thread.sleep(5_000);
        String result = "hostile-parent: " + sent + " forged requests sent, the child " + (closed.get() > 0 ? "cut it off" : "stayed");
        GenetNode.closeAll(List.of(root));
        return result;
    }

    /** The hostile children of the soak, one round each: join the tree, attack, leave. */
    public enum Child {
        /** Reports naming 1,024 unknown children per node. */
        PHANTOMS,
        /** A hello with the root's id, and a report of a sibling's subtree. */
        ID_THIEF,
        /** Reports of its own, as fast as it can send them. */
        REPORT_FLOOD,
        /** Application data of 200 KB a frame, as fast as it can send it. */
        DATA_FLOOD
    }

    /**
     * One round of a hostile child: it joins (self-repair off), says hello, attacks for at most
     * {@code seconds} or until its parent closes it, and leaves. Returns whether it was closed.
     */
    public static boolean childRound(BootstrapClient client, NodeLoop loop, Child kind, int seconds) throws Exception {
        AtomicReference<RawLinks> links = new AtomicReference<>();
        GenetNode node = rawNode(client, loop, 10, links);
        AtomicInteger lost = parentLosses(node);
        node.repair(false).join();
        try {
            org.genet.Await.until(() -> node.parent() != null && node.parent().speaksGenet(), "the hostile child joined", 20);
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            String rootId = node.parent().nodeId();
            for (int i = 0; lost.get() == 0 && System.nanoTime() < deadline; i++) {
                String frame = switch (kind) {
                    case PHANTOMS -> phantomReport(node.id(), i);
                    case ID_THIEF -> {
                        ObjectNode hello = Extensions.payload(i % 2 == 0 ? Extensions.HELLO : Extensions.REPORT);
                        if (i % 2 == 0) {
                            hello.put("id", rootId).put("name", "\u001b[2J" + rootId + "\n").put("impl", "app");
                        } else {
                            hello.put("seq", i).put("full", true).put("top", rootId);
                            hello.putArray("nodes").addObject().put("id", rootId).put("impl", "java");
                        }
                        yield Wire.dataFrame(hello);
                    }
                    case REPORT_FLOOD -> {
                        ObjectNode report = Extensions.payload(Extensions.REPORT);
                        report.put("seq", 1_000 + i).put("full", true).put("top", node.id());
                        report.putArray("nodes").addObject().put("id", node.id()).put("impl", "java")
                                .put("name", "r".repeat(60));
                        yield Wire.dataFrame(report);
                    }
                    case DATA_FLOOD -> Wire.dataFrame("d".repeat(200_000));
                };
                links.get().parentLink().send(frame);
                Thread.sleep(kind == Child.REPORT_FLOOD ? 0 : kind == Child.DATA_FLOOD ? 5 : 50);
            }
            return lost.get() > 0;
        } finally {
            node.close();
        }
    }

    /** {@code java ... NodeAttacks phantom-child HOST:PORT FRAMES | hostile-parent HOST:PORT SECRET FORGED | offer}. */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("offer")) { // a real offer's signal, as JSON: for attacks by raw sockets
            System.out.println(Wire.write(realOffer()));
            WebRtc.shutdown();
            System.exit(0);
        }
        WebRtc.startInBackground();
        try (BootstrapClient client = new BootstrapClient(BootstrapClient.address(args[1]));
             NodeLoop loop = new NodeLoop("attack")) {
            String result = switch (args[0]) {
                case "phantom-child" -> phantomChild(client, loop, Integer.parseInt(args[2]));
                case "hostile-parent" -> hostileParent(client, loop, args[2], Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("no attack " + args[0]);
            };
            System.out.println(result);
        } finally {
            WebRtc.shutdown();
        }
        System.exit(0);
    }
}
