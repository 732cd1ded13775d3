package org.genet.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.genet.Await;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.overlay.NodeEvent;
import org.genet.webrtc.WebRtc;

/**
 * A real tree for tests: our bootstrap server on 127.0.0.1, a root and joiners over real WebRTC
 * in this JVM, sharing one bootstrap client and two loops. Closes everything it opened.
 */
final class RealTree implements AutoCloseable {
    static final String SECRET = "tree-secret";

    final BootstrapServer server;
    final int port;
    final BootstrapClient client;
    final List<NodeLoop> loops = new ArrayList<>();
    final List<GenetNode> nodes = new CopyOnWriteArrayList<>();
    final List<NodeEvent> rootEvents = new CopyOnWriteArrayList<>();
    private final Random random = new Random(11);
    GenetNode root;

    RealTree() throws Exception {
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder(SECRET)
                .exemptLocalhost(true).build()); // the whole tree joins from this process
        port = server.startAndWait();
        client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
        loops.add(new NodeLoop("tree-loop-1"));
        loops.add(new NodeLoop("tree-loop-2"));
    }

    GenetNode newNode(int maxDegree) {
        GenetNode node = new GenetNode(client, loops.get(nodes.size() % loops.size()), random, maxDegree, 30_000);
        nodes.add(node);
        return node;
    }

    GenetNode startRoot(int maxDegree) throws InterruptedException {
        root = newNode(maxDegree).on(rootEvents::add).becomeRoot(SECRET);
        await(() -> rootEvents.stream().anyMatch(e -> e instanceof NodeEvent.RootOpen), "the root socket is open");
        return root;
    }

    /** {@code node} joins the root and they greet: the node knows its depth, the root the node's id. */
    GenetNode joinsRoot(GenetNode node) throws InterruptedException {
        node.join();
        await(() -> node.depth() == 1 && root.children().values().stream().anyMatch(c -> node.id().equals(c.nodeId())),
                "the node joined the root and said hello");
        return node;
    }

    /** After an attack: a good node still joins {@code root}, as one more child. */
    void goodNodeJoins(GenetNode root) throws InterruptedException {
        int before = root.childrenNb();
        newNode(10).join();
        await(() -> root.childrenNb() == before + 1, "a good node joins after the attack");
    }

    /** Keeps {@code node}'s loop busy until the latch returned is counted down. */
    static java.util.concurrent.CountDownLatch busyLoop(GenetNode node) {
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        node.loop().execute(() -> {
            try {
                busy.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return busy;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, what, 30);
    }

    private final List<Runnable> onClose = new ArrayList<>();

    /** Runs {@code task} when the tree closes, before its nodes do. */
    void onClose(Runnable task) {
        onClose.add(task);
    }

    @Override
    public void close() throws Exception {
        onClose.forEach(Runnable::run);
        GenetNode.closeAll(nodes);
        for (NodeLoop loop : loops) {
            loop.close();
        }
        client.close();
        server.close();
        WebRtc.shutdown();
    }
}
