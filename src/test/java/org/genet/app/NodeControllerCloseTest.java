package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.genet.Await;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.net.GenetNode;
import org.genet.overlay.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 5, the app's side: a join in flight when the app closes leaves no node running,
 * and the ping bookkeeping is only touched on the node's loop.
 */
class NodeControllerCloseTest {

    /** Threads of nodes the app made (GenetNode.connect names their loop so). */
    private static long nodeLoops() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("genet-node") && t.isAlive())
                .count();
    }

    /** A server on 127.0.0.1 (the app's nodes all join from this process), for each test. */
    private BootstrapServer server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0), ServerConfig.builder("s").exemptLocalhost(true).build());
        port = server.startAndWait();
    }

    @AfterEach
    void closeServer() throws InterruptedException {
        server.close();
    }

    @Test
    void aJoinInFlightWhenTheAppClosesLeavesNoNodeRunning() throws Exception {
        long before = nodeLoops();
        // the close lands at a different moment of the join each time: before, during and after the node is made
        for (int i = 0; i < 40; i++) {
            NodeController controller = new NodeController(new NodeModel(), Runnable::run, 30_000);
            controller.join("127.0.0.1:" + port);
            LockSupport.parkNanos(i * 100_000L);
            controller.close();
        }
        Await.until(() -> nodeLoops() <= before, "every node the app made is closed", 10);
    }

    @Test
    void pingBookkeepingIsTouchedOnTheNodesLoopOnly() throws Exception {
        NodeController controller = new NodeController(new NodeModel(), Runnable::run, 30_000);
        List<String> offLoop = new CopyOnWriteArrayList<>();
        watch(controller, "pingsInFlight", offLoop);
        watch(controller, "rtt", offLoop);
        GenetNode root = GenetNode.connect(java.net.URI.create("ws://127.0.0.1:" + port), 4, 30_000).becomeRoot("s");
        try {
            controller.join("127.0.0.1:" + port);
            Await.until(() -> controller.node() != null && controller.node().parent() != null, "the app's node joined", 20);
            controller.ping(NodeController.PingTarget.PARENT);
            controller.join("127.0.0.1:" + port); // a new node: the last one's pings are forgotten
            Await.until(() -> controller.node() != null && controller.node().parent() != null, "the next node joined", 20);
            controller.ping(NodeController.PingTarget.PARENT);
            Thread.sleep(500);
        } finally {
            controller.close();
            root.close();
        }
        assertThat(offLoop).as("touched off the node's loop").isEmpty();
    }

    /** Replaces a map of the controller by one that notes every use off a node's loop. */
    @SuppressWarnings("unchecked")
    private static void watch(NodeController controller, String field, List<String> offLoop) throws Exception {
        Field f = NodeController.class.getDeclaredField(field);
        f.setAccessible(true);
        Map<Object, Object> real = (Map<Object, Object>) f.get(controller);
        f.set(controller, new HashMap<>(real) {
            private void check(String what) {
                if (!Thread.currentThread().getName().equals("genet-node")) {
                    offLoop.add(field + "." + what + " on " + Thread.currentThread().getName());
                }
            }

            @Override
            public Object put(Object key, Object value) {
                check("put");
                return super.put(key, value);
            }

            @Override
            public Object get(Object key) {
                check("get");
                return super.get(key);
            }

            @Override
            public Object remove(Object key) {
                check("remove");
                return super.remove(key);
            }

            @Override
            public void clear() {
                check("clear");
                super.clear();
            }
        });
    }
}
