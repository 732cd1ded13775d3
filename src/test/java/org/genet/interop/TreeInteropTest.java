package org.genet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mixed trees of our nodes and the original JavaScript nodes (npm webrtc-tree-overlay 1.0.13 over
 * @roamhq/wrtc), on our server and on the original server. With maxDegree 1 every node has one
 * child, so the tree is a chain that alternates implementations, and each join request is
 * relayed by a node of the other implementation. Each node sends "ping" to its child, which
 * answers with its name: DATA flows both ways across every pair.
 */
class TreeInteropTest {
    private static final String SECRET = "tree-interop";
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** One of our nodes, as the original example app's node: ping each child, answer the parent. */
    private static final class JavaNode {
        final GenetNode node;
        final BlockingQueue<String> fromChildren = new LinkedBlockingQueue<>();
        final BlockingQueue<String> fromParent = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> parentConnected = new LinkedBlockingQueue<>();

        JavaNode(BootstrapClient client, NodeLoop loop, String name) {
            node = new GenetNode(client, loop, new Random(), 1, 30_000);
            node.on(event -> {
                if (event instanceof NodeEvent.ChildConnect c) {
                    c.channel().send("ping");
                } else if (event instanceof NodeEvent.ParentConnect) {
                    parentConnected.add(true);
                } else if (event instanceof NodeEvent.Data d) {
                    if (d.isParent()) {
                        fromParent.add(d.data().asText());
                        d.channel().send(name);
                    } else {
                        fromChildren.add(d.data().asText());
                    }
                }
            });
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        WebRtc.shutdown();
    }

    /** A Java node named {@code name} that joins: its parent connects and sends it "ping". */
    private JavaNode joined(BootstrapClient client, NodeLoop loop, String name) throws Exception {
        JavaNode node = new JavaNode(client, loop, name);
        opened.add(node.node::close);
        node.node.join();
        assertThat(node.parentConnected.poll(30, TimeUnit.SECONDS)).isTrue();
        assertThat(poll(node.fromParent)).isEqualTo("ping");
        return node;
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        String s = queue.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("a message within 30 s").isNotNull();
        return s;
    }

    /** An original tree node named {@code name} (max degree 1) joins below {@code parent}, one of ours, which hears its name. */
    private static OriginalJs.Script originalChild(OriginalJs js, String host, String name, JavaNode parent) throws Exception {
        OriginalJs.Script child = js.start("original-tree-node.js", host, name, "1");
        child.await("parent-connect");
        assertThat(poll(parent.fromChildren)).isEqualTo(name);
        return child;
    }

    /** What an original node heard from a child of its own. */
    private static String dataFromChild(OriginalJs.Script original) throws InterruptedException {
        return original.await(e -> e.path("event").asText().equals("data") && !e.path("fromParent").asBoolean(), "data from its child")
                .path("data").asText();
    }

    @Test
    void originalNodesJoinOurRootThroughOurServer() throws Exception {
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder(SECRET).build());
        int port = server.startAndWait();
        opened.add(server::close);
        String host = "127.0.0.1:" + port;
        BootstrapClient client = new BootstrapClient(URI.create("ws://" + host));
        opened.add(client);
        NodeLoop loop = new NodeLoop("interop-loop");
        opened.add(loop);
        OriginalJs js = new OriginalJs();
        opened.add(js);

        JavaNode root = new JavaNode(client, loop, "java-root");
        opened.add(root.node::close);
        root.node.becomeRoot(SECRET);
        Thread.sleep(300);

        OriginalJs.Script js1 = originalChild(js, host, "js1", root);

        JavaNode java2 = joined(client, loop, "java2");
        assertThat(dataFromChild(js1)).isEqualTo("java2");

        OriginalJs.Script js3 = originalChild(js, host, "js3", java2);
        assertThat(js3.await("data").path("data").asText()).isEqualTo("ping");
        assertThat(root.node.childrenNb()).isEqualTo(1);
        assertThat(java2.node.childrenNb()).isEqualTo(1);
    }

    @Test
    void ourNodesJoinAnOriginalRootThroughTheOriginalServer() throws Exception {
        OriginalJs js = new OriginalJs();
        opened.add(js);
        OriginalJs.Script server = js.start("original-server.js", SECRET);
        String host = "127.0.0.1:" + server.await("listening").path("port").asInt();
        BootstrapClient client = new BootstrapClient(URI.create("ws://" + host));
        opened.add(client);
        NodeLoop loop = new NodeLoop("interop-loop");
        opened.add(loop);

        OriginalJs.Script jsRoot = js.start("original-tree-node.js", host, "js-root", "1", SECRET);
        jsRoot.await("root");
        Thread.sleep(500);

        JavaNode java1 = joined(client, loop, "java1");
        assertThat(jsRoot.await("data").path("data").asText()).isEqualTo("java1");

        OriginalJs.Script js2 = originalChild(js, host, "js2", java1);

        JavaNode java3 = joined(client, loop, "java3");
        assertThat(dataFromChild(js2)).isEqualTo("java3");
    }
}
