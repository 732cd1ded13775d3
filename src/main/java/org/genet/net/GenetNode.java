package org.genet.net;

import java.net.URI;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.genet.bootstrap.BootstrapClient;
import org.genet.ice.IceConfig;
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
 * the node's loop, where channels may be used freely (and where a listener may close the node);
 * from other threads, hand work to the loop ({@link #execute}, {@link #call}). The getters never
 * wait for the loop: they read the node's state as it was after its last change, so that any
 * thread (the FX thread too) may call them.
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
    private final RealNetwork network;
    private final org.genet.overlay.JoinRecords joinRecords;
    private final org.genet.overlay.TreeInfo treeInfo;
    /** Set once the node is closed: a close that failed (its loop did not answer) may be tried again. */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** What the getters read; replaced on the loop after every command and every change the node reports. */
    private volatile Status status;

    /** The node's state for the getters, taken on its loop. */
    private record Status(boolean root, boolean attached, boolean rejoining, int depth, int maxDegree, String name,
                          String label, Channel parent, SortedMap<Integer, Channel> children, List<Candidate> candidates) {
    }

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
        this.network = new RealNetwork(client, loop, requestTimeoutMs);
        client.iceServers().first(); // asked now, beside the rest of the start
        this.node = loop.call(() -> new Node(wrap.apply(network), loop, random, maxDegree, requestTimeoutMs));
        this.joinRecords = loop.call(() -> {
            node.addListener(event -> { // first, so that the getters know of a change before any listener hears of it
                if (!(event instanceof NodeEvent.Data || event instanceof NodeEvent.JoinRequestHandled
                        || event instanceof NodeEvent.MessageDrop || event instanceof NodeEvent.RequestExpire)) {
                    refresh();
                }
            });
            refresh();
            return org.genet.overlay.JoinRecords.attach(node);
        });
        this.treeInfo = loop.call(() -> org.genet.overlay.TreeInfo.attach(node));
    }

    private void refresh() {
        status = new Status(node.isRoot(), node.isAttached(), node.isRejoining(), node.depth(), node.maxDegree(),
                node.name(), node.label(), node.parent(), java.util.Collections.unmodifiableSortedMap(new TreeMap<>(node.children())),
                node.candidates());
    }

    /** Runs a command on the loop and waits for it; the getters see its effect when it returns. */
    private void command(Consumer<Node> command) {
        loop.run(() -> {
            command.accept(node);
            refresh();
        });
    }

    /** Hands {@code task} to the node's loop, where it may use the node; returns at once. */
    public void execute(Consumer<Node> task) {
        loop.execute(() -> task.accept(node));
    }

    /** The tree's size and this node's path from the root, as the root sends them down (docs/EXTENSIONS.md, tree). */
    public org.genet.overlay.TreeInfo treeInfo() {
        return treeInfo;
    }

    /** Runs {@code query} with the node on its loop and waits for its answer (see {@link NodeLoop#call}): not for the FX thread. */
    public <T> T call(java.util.function.Function<Node, T> query) {
        return loop.call(() -> query.apply(node));
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
        BootstrapClient client = new BootstrapClient(server);
        NodeLoop loop = new NodeLoop("genet-node");
        try {
            return new GenetNode(client, loop, new Random(), maxDegree, requestTimeoutMs, true);
        } catch (RuntimeException e) { // interrupted while it started: nothing of it stays running
            try {
                loop.close();
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
            client.close();
            throw e;
        }
    }

    public GenetNode becomeRoot(String secret) {
        awaitIceServers();
        command(n -> n.becomeRoot(secret));
        return this;
    }

    public GenetNode join() {
        awaitIceServers();
        command(Node::join);
        return this;
    }

    /**
     * The ICE servers this node's connections use, before those the bootstrap server hands out
     * (its own STUN, TURN with credentials: docs/deploy.md), and whether to use
     * relays only. For connections made from now on.
     */
    public GenetNode ice(IceConfig given) {
        network.setIce(given == null ? IceConfig.none() : given);
        return this;
    }

    /** What this node's next connection gets: the ICE servers given, then the server's. */
    public IceConfig iceConfig() {
        return network.ice();
    }

    /**
     * Waits (at most {@link #ICE_WAIT_MS}) for the server's first answer about ICE servers, so
     * that the first connection has them; a server that does not answer costs that wait once, an
     * original server (404) nothing.
     */
    private void awaitIceServers() {
        try {
            client.iceServers().first().get(ICE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // none yet: this connection goes without; a later one gets them
            org.slf4j.LoggerFactory.getLogger(GenetNode.class).warn("no answer about ICE servers from the bootstrap server "
                    + "within {} ms: the first connection goes without them", ICE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest wait for the server's ICE servers before a first join or root socket. */
    static final long ICE_WAIT_MS = 3_000;

    /**
     * Self-repair on (the default) or off: on, a node that loses its parent rejoins with its
     * subtree, and a root that loses its socket to the server opens it again.
     */
    public GenetNode repair(boolean on) {
        command(n -> n.setRepair(on));
        return this;
    }

    /** Makes this node a standby root with {@code secret}: it takes over when the root is gone. */
    public GenetNode standby(String secret) {
        command(n -> n.setStandby(secret));
        return this;
    }

    /** How long a Genet neighbour may stay silent before it is dropped ({@link Node#DEFAULT_KEEPALIVE_BOUND_MS}). */
    public GenetNode keepaliveBound(long ms) {
        command(n -> n.setKeepaliveBound(ms));
        return this;
    }

    /** How often this node pings its parent for the round trip time, in ms; 0 (the default): never ({@link Node#setPingIntervalMs}). */
    public GenetNode pingInterval(long ms) {
        command(n -> n.setPingIntervalMs(ms));
        return this;
    }

    /** What neighbours can make this node hold, and how fast ({@link org.genet.overlay.NodeBounds#DEFAULT}). */
    public GenetNode bounds(org.genet.overlay.NodeBounds bounds) {
        loop.run(() -> node.setBounds(bounds));
        return this;
    }

    /** Whether this node has a way up to the server's root (see {@link Node#isAttached()}). */
    public boolean isAttached() {
        return status.attached();
    }

    public boolean isRejoining() {
        return status.rejoining();
    }

    /** This node's depth (the root is at 0), or -1 when unknown. */
    public int depth() {
        return status.depth();
    }

    /** Adds a listener; it runs on the node's loop. */
    public GenetNode on(Consumer<NodeEvent> listener) {
        node.addListener(listener);
        return this;
    }

    /**
     * The first-join retry, the one policy of the command line, the benchmarks and chaos: after a
     * join of this node's own fails (refused, timed out: not a rejoin of self-repair, which tries
     * again by itself), it joins again after {@code delayMs} ms, unless by then it has a parent,
     * joins or rejoins already, is the root or is closed. {@code onRetry} hears of each retry and
     * its delay, on the node's loop.
     */
    public GenetNode retryFailedJoins(LongSupplier delayMs, LongConsumer onRetry) {
        return on(event -> {
            if (event instanceof NodeEvent.JoinFail && !node.isRejoining() && !node.isRoot() && !node.isClosed()) {
                long delay = delayMs.getAsLong();
                onRetry.accept(delay);
                loop.schedule(delay, () -> {
                    if (!node.isClosed() && node.parent() == null && !node.isJoining() && !node.isRejoining()
                            && !node.isRoot()) {
                        node.join();
                    }
                });
            }
        });
    }

    public String id() {
        return node.id();
    }

    /** Names this node: how every place shows it, and what its hello and reports carry (null: no name). */
    public GenetNode setName(String name) {
        command(n -> n.setName(name));
        return this;
    }

    /** What this node runs as in the others' views: "java" (the default), "app", "browser". */
    public GenetNode setImpl(String impl) {
        command(n -> n.setImpl(impl));
        return this;
    }

    public String name() {
        return status.name();
    }

    /** How every place names this node: its name, else its id. */
    public String label() {
        return status.label();
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
        return status.maxDegree();
    }

    public void setMaxDegree(int maxDegree) {
        command(n -> n.setMaxDegree(maxDegree));
    }

    /** The parent channel, or null. Use a channel on the node's loop only. */
    public Channel parent() {
        return status.parent();
    }

    /** The children by slot, as they were after the last change. Use a channel on the node's loop only. */
    public SortedMap<Integer, Channel> children() {
        return new TreeMap<>(status.children());
    }

    public int childrenNb() {
        return status.children().size();
    }

    public List<Candidate> candidates() {
        return status.candidates();
    }

    public boolean isRoot() {
        return status.root();
    }

    /**
     * The overlay node itself, for code that runs on {@link #loop()} (listeners, tasks given to
     * {@link #execute}): it is confined there, and checked to be with assertions on (as in tests).
     */
    public Node node() {
        assert loop.inLoop() : "the node of " + node.id() + " taken off its loop, on " + Thread.currentThread().getName();
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

    /**
     * Closes the node and its connections; and its loop and client if it owns them. From one of
     * the node's own listeners, the node closes at once and the rest (its peers' closes, then its
     * loop) follows when the listener returns. A close that fails because the loop did not answer
     * may be tried again.
     */
    @Override
    public void close() {
        if (closed.get()) {
            return; // closing twice does nothing
        }
        if (loop.inLoop()) {
            node.close(); // the peers' closes are queued behind the running task
            refresh();
        } else {
            loop.run(() -> {
                node.close();
                refresh();
            });
            loop.run(() -> { }); // the peers' closes, queued by the node's, have run
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (owned) {
            try {
                loop.close(); // on the loop: stops after the tasks queued now, without waiting for itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
    }
}
