package org.genet.net;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.genet.bootstrap.BootstrapClient;
import org.genet.overlay.Candidate;
import org.genet.overlay.Channel;
import org.genet.overlay.Network;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;

/**
 * A Genet node on the real network: the overlay's {@link Node} over a bootstrap client and WebRTC
 * peers, on a loop of its own. Its API mirrors the original's ({@code becomeRoot}, {@code join},
 * {@code close}, {@code maxDegree}, {@code children}, {@code parent}, events). Listeners run on
 * the node's loop, where channels may be used freely; from other threads, hand work to
 * {@link #loop()}.
 *
 * <pre>{@code
 * GenetNode root = GenetNode.connect("localhost:5000", 10).becomeRoot("secret");
 * root.on(event -> {
 *     if (event instanceof NodeEvent.ChildConnect c) c.channel().send("ping");
 *     if (event instanceof NodeEvent.Data d) System.out.println(d.data());
 * });
 * }</pre>
 */
public final class GenetNode implements AutoCloseable {
    private final BootstrapClient client;
    private final NodeLoop loop;
    private final boolean owned;
    private final Node node;
    private final org.genet.overlay.JoinRecords joinRecords;
    private final org.genet.overlay.TreeInfo treeInfo;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** A node on shared parts: the caller closes {@code client} and {@code loop} after the node. */
    public GenetNode(BootstrapClient client, NodeLoop loop, Random random, int maxDegree, long requestTimeoutMs) {
        this(client, loop, random, maxDegree, requestTimeoutMs, false);
    }

    private GenetNode(BootstrapClient client, NodeLoop loop, Random random, int maxDegree, long requestTimeoutMs,
                      boolean owned) {
        this(client, loop, random, maxDegree, requestTimeoutMs, owned, UnaryOperator.identity());
    }

    /** A node whose network passes through {@code wrap} first: for tests that break links on purpose. */
    GenetNode(BootstrapClient client, NodeLoop loop, Random random, int maxDegree, long requestTimeoutMs,
              boolean owned, UnaryOperator<Network> wrap) {
        this.client = client;
        this.loop = loop;
        this.owned = owned;
        this.node = loop.call(() -> new Node(wrap.apply(new RealNetwork(client, loop, requestTimeoutMs)), loop, random,
                maxDegree, requestTimeoutMs));
        this.joinRecords = loop.call(() -> org.genet.overlay.JoinRecords.attach(node));
        this.treeInfo = loop.call(() -> org.genet.overlay.TreeInfo.attach(node));
    }

    /** The tree's size and this node's path from the root, as the root sends them down (docs/EXTENSIONS.md, tree). */
    public org.genet.overlay.TreeInfo treeInfo() {
        return treeInfo;
    }

    /** The join records this node keeps and sends up (docs/EXTENSIONS.md, joins); at the root, every request's path. */
    public org.genet.overlay.JoinRecords joinRecords() {
        return joinRecords;
    }

    /** A node of its own for the bootstrap server at {@code host} ({@code host:port}). */
    public static GenetNode connect(String host, int maxDegree) {
        return connect(BootstrapClient.address(host), maxDegree, Node.DEFAULT_REQUEST_TIMEOUT_MS);
    }

    public static GenetNode connect(URI server, int maxDegree, long requestTimeoutMs) {
        return new GenetNode(new BootstrapClient(server), new NodeLoop("genet-node"), new Random(), maxDegree,
                requestTimeoutMs, true);
    }

    public GenetNode becomeRoot(String secret) {
        loop.run(() -> node.becomeRoot(secret));
        return this;
    }

    public GenetNode join() {
        loop.run(node::join);
        return this;
    }

    /**
     * Self-repair on (the default) or off: on, a node that loses its parent rejoins with its
     * subtree, and a root that loses its socket to the server opens it again.
     */
    public GenetNode repair(boolean on) {
        loop.run(() -> node.setRepair(on));
        return this;
    }

    /** Makes this node a standby root with {@code secret}: it takes over when the root is gone. */
    public GenetNode standby(String secret) {
        loop.run(() -> node.setStandby(secret));
        return this;
    }

    /** How long a Genet neighbour may stay silent before it is dropped ({@link Node#DEFAULT_KEEPALIVE_BOUND_MS}). */
    public GenetNode keepaliveBound(long ms) {
        loop.run(() -> node.setKeepaliveBound(ms));
        return this;
    }

    /** Whether this node has a way up to the server's root (see {@link Node#isAttached()}). */
    public boolean isAttached() {
        return loop.call(node::isAttached);
    }

    public boolean isRejoining() {
        return loop.call(node::isRejoining);
    }

    /** This node's depth (the root is at 0), or -1 when unknown. */
    public int depth() {
        return loop.call(node::depth);
    }

    /** Adds a listener; it runs on the node's loop. */
    public GenetNode on(Consumer<NodeEvent> listener) {
        node.addListener(listener);
        return this;
    }

    public String id() {
        return node.id();
    }

    /** Names this node: how every place shows it, and what its hello and reports carry (null: no name). */
    public GenetNode setName(String name) {
        loop.run(() -> node.setName(name));
        return this;
    }

    /** What this node runs as in the others' views: "java" (the default), "app", "browser". */
    public GenetNode setImpl(String impl) {
        loop.run(() -> node.setImpl(impl));
        return this;
    }

    public String name() {
        return loop.call(node::name);
    }

    /** How every place names this node: its name, else its id. */
    public String label() {
        return loop.call(node::label);
    }

    /**
     * The tree this node knows: itself and its subtree as its children report it (at the root,
     * the whole tree). Immutable; {@link NodeEvent.TopologyChange} tells when it changes.
     */
    public TreeSnapshot topology() {
        return node.topology();
    }

    /** Calls {@code listener} (on the node's loop) with the tree each time it changes. */
    public GenetNode onTopology(Consumer<TreeSnapshot> listener) {
        node.addListener(event -> {
            if (event instanceof NodeEvent.TopologyChange t) {
                listener.accept(t.topology());
            }
        });
        return this;
    }

    public int maxDegree() {
        return loop.call(node::maxDegree);
    }

    public void setMaxDegree(int maxDegree) {
        loop.run(() -> node.setMaxDegree(maxDegree));
    }

    /** The parent channel, or null. */
    public Channel parent() {
        return loop.call(node::parent);
    }

    /** The children by slot, as they are now. */
    public SortedMap<Integer, Channel> children() {
        return loop.call(() -> new TreeMap<>(node.children()));
    }

    public int childrenNb() {
        return loop.call(node::childrenNb);
    }

    public List<Candidate> candidates() {
        return loop.call(node::candidates);
    }

    public boolean isRoot() {
        return loop.call(node::isRoot);
    }

    /** The overlay node itself, confined to {@link #loop()}. */
    public Node node() {
        return node;
    }

    public NodeLoop loop() {
        return loop;
    }

    /**
     * Closes a whole tree of nodes held in one process: self-repair off on every node first (a
     * node whose parent closes before it does would otherwise rejoin, and find no root, while it
     * waits its turn), then each node, the last first (the root, made first, closes last). A
     * node that fails to close is logged and the others still close.
     */
    public static void closeAll(List<GenetNode> nodes) {
        java.util.Set<NodeLoop> loops = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (GenetNode n : nodes) {
            if (!n.closed.get()) {
                n.loop.execute(() -> n.node.setRepair(false));
                loops.add(n.loop);
            }
        }
        for (NodeLoop l : loops) {
            l.run(() -> { }); // every node's repair is off before the first closes
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(GenetNode.class).warn("closing node {} failed: {}",
                        nodes.get(i).node.id(), e.toString());
            }
        }
    }

    /** Closes the node and its connections; and its loop and client if it owns them. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closing twice does nothing
        }
        loop.run(node::close);
        loop.run(() -> { }); // the peers' closes, queued by the node's, have run
        if (owned) {
            try {
                loop.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
    }
}
