package org.genet.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;

/**
 * A tree of real {@link Node}s on the simulated network, in virtual time, for deterministic tests
 * of self-repair: grow it, kill or freeze nodes, stop the server, and check the tree's shape.
 */
final class SimTree {
    static final String SECRET = "sim-secret";

    final VirtualClock clock = new VirtualClock();
    final SimNetwork network;
    final Map<Node, SimNetwork.Endpoint> endpoints = new LinkedHashMap<>();
    final Map<Node, List<NodeEvent>> events = new LinkedHashMap<>();
    final Set<Node> dead = new HashSet<>();
    private final Random random;
    private final int maxDegree;
    private final long requestTimeoutMs;
    Node root;

    SimTree(long seed, int maxDegree, long requestTimeoutMs) {
        this.random = new Random(seed);
        this.network = new SimNetwork(clock, random, SimNetwork.Timing.of(5, 3, 20));
        this.maxDegree = maxDegree;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    Node newNode() {
        SimNetwork.Endpoint endpoint = network.endpoint();
        Node node = new Node(endpoint, clock, random, maxDegree, requestTimeoutMs);
        endpoint.setOwner(node);
        endpoints.put(node, endpoint);
        List<NodeEvent> log = new ArrayList<>();
        events.put(node, log);
        node.addListener(log::add);
        // A first join that fails tries again, as the commands do; a rejoin retries by itself.
        node.addListener(event -> {
            if (event instanceof NodeEvent.JoinFail && !node.isRejoining() && !node.isClosed()) {
                clock.schedule(100, () -> {
                    if (!node.isClosed() && node.parent() == null && !node.isJoining() && !node.isRoot()) {
                        node.join();
                    }
                });
            }
        });
        return node;
    }

    /** A root and {@code count} joiners, all joined. */
    static SimTree grown(long seed, int count, int maxDegree, long requestTimeoutMs) {
        SimTree tree = new SimTree(seed, maxDegree, requestTimeoutMs);
        tree.root = tree.newNode();
        tree.root.becomeRoot(SECRET);
        tree.clock.advance(50);
        tree.grow(count);
        return tree;
    }

    /** {@code count} joiners more, all joined. */
    void grow(int count) {
        List<Node> joiners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joiners.add(newNode());
        }
        joiners.forEach(Node::join);
        runUntil(() -> joiners.stream().allMatch(n -> n.parent() != null), 120_000, "every joiner has a parent");
        clock.advance(100); // the last positions travel down
    }

    void runUntil(java.util.function.BooleanSupplier condition, long maxMs, String what) {
        long deadline = clock.now() + maxMs;
        while (!condition.getAsBoolean()) {
            if (clock.now() >= deadline || !clock.runNext()) {
                throw new AssertionError("after " + maxMs + " virtual ms, not yet: " + what + "\n" + describe());
            }
        }
    }

    List<Node> alive() {
        return endpoints.keySet().stream().filter(n -> !dead.contains(n)).toList();
    }

    void kill(Node node) {
        dead.add(node);
        node.close();
    }

    void freeze(Node node) {
        dead.add(node);
        endpoints.get(node).freeze();
    }

    /** The node this one is connected to as its parent (what the network says), or null. */
    Node parentOf(Node node) {
        SimNetwork.SimLink link = endpoints.get(node).parentLink();
        return link == null || link.remote() == null ? null : (Node) link.remote().owner();
    }

    /** Hops up to the top of {@code node}'s fragment; -1 if the walk loops. */
    int hopsToTop(Node node) {
        Set<Node> seen = new HashSet<>();
        int hops = 0;
        for (Node n = node; parentOf(n) != null; n = parentOf(n)) {
            if (!seen.add(n)) {
                return -1;
            }
            hops++;
        }
        return hops;
    }

    Node top(Node node) {
        Node n = node;
        for (int i = 0; i <= endpoints.size() && parentOf(n) != null; i++) {
            n = parentOf(n);
        }
        return n;
    }

    /** Every live node is in one tree under {@code top}, no cycle, depths as the nodes know them. */
    boolean healed(Node top) {
        for (Node n : alive()) {
            int hops = hopsToTop(n);
            if (hops < 0 || top(n) != top || dead.contains(parentOf(n)) || n.isRejoining() || n.depth() != hops
                    || !n.isAttached()) {
                return false;
            }
        }
        return top.isRoot() && top.parent() == null;
    }

    void assertHealed(Node top) {
        assertThat(top.isRoot()).as("the top is the root").isTrue();
        int children = 0;
        for (Node n : alive()) {
            int hops = hopsToTop(n);
            assertThat(hops).as("no cycle above %s", n).isNotNegative();
            assertThat(top(n)).as("%s reaches the root", n).isSameAs(top);
            assertThat(dead).as("%s hangs from no dead node", n).doesNotContain(parentOf(n));
            assertThat(n.depth()).as("the depth %s knows", n).isEqualTo(hops);
            assertThat(n.isAttached()).as("%s knows it is attached", n).isTrue();
            assertThat(n.isRejoining()).isFalse();
            assertThat(n.childrenNb()).isLessThanOrEqualTo(n.maxDegree());
            children += n.childrenNb();
        }
        assertThat(children).as("every live node but the root is somebody's child").isEqualTo(alive().size() - 1);
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        for (Node n : alive()) {
            b.append(n).append(" parent=").append(parentOf(n)).append(" depth=").append(n.depth())
                    .append(" rejoining=").append(n.isRejoining()).append(" root=").append(n.isRoot()).append('\n');
        }
        return b.toString();
    }
}
