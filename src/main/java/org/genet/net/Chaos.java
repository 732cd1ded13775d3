package org.genet.net;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.measure.Measures;
import org.genet.overlay.Channel;
import org.genet.overlay.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults on a real tree in this JVM: an embedded bootstrap server on 127.0.0.1, a root and joiners
 * over real WebRTC, each node on a loop of its own (so that one can freeze as a hung process does).
 * Every node is a standby root. While the faults last, every node sends its parent a DATA message
 * every 200 ms. A scenario measures how long the orphans take to be back, and checks the tree it
 * ends with against the nodes themselves: one root, every live node reachable from it through the
 * children the nodes list, each once, at the depth it believes.
 */
public final class Chaos implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Chaos.class);
    static final String SECRET = "chaos";

    /** What to run: tree size, maxDegree, the keepalive bound and the join timeout of every node. */
    public record Options(int nodes, int maxDegree, double killFraction, long keepaliveMs, long requestTimeoutMs,
                          long repairLimitMs, long seed) {
        public Options {
            if (nodes < 4 || maxDegree < 1 || killFraction <= 0 || killFraction >= 1 || keepaliveMs < 100
                    || requestTimeoutMs < 1_000 || repairLimitMs < 1_000) {
                throw new IllegalArgumentException("invalid chaos options: " + this);
            }
        }

        public static Options defaults() {
            return new Options(60, 3, 0.1, 2_000, 5_000, 60_000, System.nanoTime());
        }
    }

    /** The figures of one scenario. {@code nodesLost}: live nodes not back under the root. */
    public record Result(String scenario, int nodesBefore, int nodesAfter, int killed, int orphans, long repairMsP50,
                         long repairMsP95, long repairMsMax, int nodesLost, long dataSent, long dataReceived,
                         boolean noCycle, boolean depthsConsistent, long wallMs) {
    }

    /** The tree as the live nodes describe it. */
    public record Shape(GenetNode root, int roots, int reachable, int live, boolean noCycle, boolean depthsConsistent,
                        int rejoining) {
        public boolean healed() {
            return roots == 1 && reachable == live && noCycle && depthsConsistent && rejoining == 0;
        }
    }

    private final Options options;
    /** Each node's last events but data and topology: what a failed wait shows. */
    private final Map<GenetNode, Deque<String>> recentEvents = new ConcurrentHashMap<>();
    private final Random random;
    private BootstrapServer server;
    private final int port;
    private final BootstrapClient client;
    private final List<GenetNode> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<GenetNode> gone = ConcurrentHashMap.newKeySet();
    private final Map<GenetNode, CountDownLatch> frozen = new HashMap<>();
    private final Map<GenetNode, Long> rejoinedAt = new ConcurrentHashMap<>();
    private final Set<GenetNode> orphaned = ConcurrentHashMap.newKeySet();
    private final AtomicLong dataSent = new AtomicLong();
    private final AtomicLong dataReceived = new AtomicLong();
    private volatile boolean traffic;
    private volatile long receivedWhileServerDown;

    public Chaos(Options options) throws Exception {
        this.options = options;
        this.random = new Random(options.seed());
        server = newServer(0);
        port = server.startAndWait();
        client = new BootstrapClient(URI.create("ws://127.0.0.1:" + port));
    }

    private static BootstrapServer newServer(int port) {
        return new BootstrapServer(new InetSocketAddress("127.0.0.1", port),
                ServerConfig.builder(SECRET).maxJoinSockets(10_000).build());
    }

    /** DATA messages the nodes received while the server was down (server scenario). */
    public long receivedWhileServerDown() {
        return receivedWhileServerDown;
    }

    public int port() {
        return port;
    }

    public List<GenetNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public List<GenetNode> live() {
        return nodes.stream().filter(n -> !gone.contains(n)).toList();
    }

    /** A new node on a loop of its own, a standby root, with the chaos' keepalive bound. */
    public GenetNode newNode() {
        GenetNode node = new GenetNode(client, new NodeLoop("chaos-node-" + nodes.size()), new Random(random.nextLong()),
                options.maxDegree(), options.requestTimeoutMs());
        node.keepaliveBound(options.keepaliveMs()).standby(SECRET);
        Deque<String> recent = new ArrayDeque<>();
        recentEvents.put(node, recent);
        node.on(event -> {
            if (!(event instanceof NodeEvent.Data) && !(event instanceof NodeEvent.TopologyChange)) {
                synchronized (recent) {
                    if (recent.size() == 12) {
                        recent.removeFirst();
                    }
                    recent.addLast(System.currentTimeMillis() % 100_000 + " " + event);
                }
            }
            if (event instanceof NodeEvent.ParentClose || event instanceof NodeEvent.ParentError) {
                if (!gone.contains(node)) {
                    orphaned.add(node);
                }
            } else if (event instanceof NodeEvent.Rejoined) {
                rejoinedAt.put(node, System.nanoTime());
            } else if (event instanceof NodeEvent.Data) {
                dataReceived.incrementAndGet();
            }
        });
        node.retryFailedJoins(() -> 200, delay -> { });
        nodes.add(node);
        return node;
    }

    /** The root and {@code options.nodes() - 1} joiners, all joined and all knowing their depth. */
    public void grow() throws InterruptedException {
        GenetNode root = newNode();
        root.becomeRoot(SECRET);
        await(root::isAttached, 10_000, "the root's socket is open");
        join(options.nodes() - 1);
    }

    /** {@code count} joiners more; waits until the tree is whole again. */
    public void join(int count) throws InterruptedException {
        List<GenetNode> joiners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            joiners.add(newNode());
        }
        for (GenetNode node : joiners) {
            node.loop().execute(() -> node.node().join());
        }
        if (!awaitQuietly(() -> shape().healed(), options.repairLimitMs())) {
            throw new IllegalStateException("not within " + options.repairLimitMs()
                    + " ms: every node joined and knows its depth; " + describe());
        }
    }

    /** The tree as the live nodes describe it (frozen nodes left out). */
    public Shape shape() {
        List<GenetNode> live = live();
        Map<String, GenetNode> byId = new HashMap<>();
        List<GenetNode> roots = new ArrayList<>();
        int rejoining = 0;
        Map<GenetNode, NodeView> views = new LinkedHashMap<>();
        for (GenetNode node : live) {
            NodeView view = node.loop().call(() -> new NodeView(node.node().isRoot() && node.node().isAttached(),
                    node.node().isRejoining(), node.node().depth(),
                    node.node().parent() == null ? null : node.node().parent().nodeId(),
                    node.node().children().values().stream().map(Channel::nodeId).toList()));
            views.put(node, view);
            byId.put(node.id(), node);
            if (view.root) {
                roots.add(node);
            }
            if (view.rejoining) {
                rejoining++;
            }
        }
        if (roots.size() != 1) {
            return new Shape(roots.isEmpty() ? null : roots.get(0), roots.size(), 0, live.size(), true, false, rejoining);
        }
        GenetNode root = roots.get(0);
        boolean noCycle = true;
        boolean depths = views.get(root).depth == 0;
        Set<GenetNode> seen = new HashSet<>();
        Deque<GenetNode> queue = new ArrayDeque<>();
        Map<GenetNode, Integer> depthOf = new HashMap<>();
        queue.add(root);
        seen.add(root);
        depthOf.put(root, 0);
        while (!queue.isEmpty()) {
            GenetNode node = queue.poll();
            for (String childId : views.get(node).children) {
                GenetNode child = childId == null ? null : byId.get(childId);
                if (child == null) {
                    continue; // gone, or its hello is still on its way
                }
                NodeView cv = views.get(child);
                if (!node.id().equals(cv.parentId)) {
                    continue; // listed by an old parent over a frozen link: not its child any more
                }
                if (!seen.add(child)) {
                    noCycle = false;
                    continue;
                }
                int d = depthOf.get(node) + 1;
                depthOf.put(child, d);
                depths &= cv.depth == d;
                queue.add(child);
            }
        }
        return new Shape(root, 1, seen.size(), live.size(), noCycle, depths, rejoining);
    }

    private record NodeView(boolean root, boolean rejoining, int depth, String parentId, List<String> children) {
    }

    // ---- faults ---------------------------------------------------------------------------

    /** Closes the node at once: its neighbours see its connections end. */
    public void kill(GenetNode node) {
        gone.add(node);
        node.loop().execute(() -> node.node().close());
    }

    /** Stops the node's loop without closing anything, as a hung process: it answers nothing. */
    public void freeze(GenetNode node) {
        gone.add(node);
        CountDownLatch latch = new CountDownLatch(1);
        frozen.put(node, latch);
        node.loop().execute(() -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public void stopServer() throws InterruptedException {
        server.close();
    }

    public void startServer() throws Exception {
        server = newServer(port);
        server.startAndWait();
    }

    // ---- scenarios --------------------------------------------------------------------------

    /**
     * Kills {@code killFraction} of the non-root nodes of a grown tree at once, picked at random,
     * at least one of them with children: a kill that orphans no one has nothing to repair (with
     * 60 nodes and maxDegree 3, about one draw in ten of six nodes is all leaves, and which nodes
     * are leaves depends on the joins' timing, not only on the seed).
     */
    public Result killScenario() throws InterruptedException {
        GenetNode root = shape().root();
        List<GenetNode> candidates = new ArrayList<>(live());
        candidates.remove(root);
        Collections.shuffle(candidates, random);
        int count = Math.max(1, (int) Math.round(options.killFraction() * (nodes.size() - 1)));
        List<GenetNode> victims = new ArrayList<>(candidates.subList(0, count));
        if (victims.stream().noneMatch(n -> n.childrenNb() > 0)) {
            candidates.subList(count, candidates.size()).stream().filter(n -> n.childrenNb() > 0).findFirst()
                    .ifPresent(parent -> victims.set(count - 1, parent));
        }
        return fault("kill", () -> victims.forEach(this::kill), count);
    }

    /** Freezes a node that has a parent and children. */
    public Result freezeScenario() throws InterruptedException {
        GenetNode victim = live().stream()
                .filter(n -> n.parent() != null && n.childrenNb() > 0)
                .max((a, b) -> Integer.compare(a.childrenNb(), b.childrenNb())).orElseThrow();
        return fault("freeze", () -> freeze(victim), 1);
    }

    /** Kills the root: a standby takes the socket, the other orphans rejoin under it. */
    public Result rootScenario() throws InterruptedException {
        GenetNode root = shape().root();
        return fault("root", () -> kill(root), 1);
    }

    /** Stops the server for {@code downMs} between two groups of joins, then starts it again. */
    public Result serverScenario(long downMs, int joinersAfter) throws Exception {
        int before = live().size();
        long start = System.nanoTime();
        long sentBefore = dataSent.get();
        long receivedBefore = dataReceived.get();
        GenetNode root = shape().root();
        Thread sender = startTraffic();
        Thread.sleep(300);
        stopServer();
        Thread.sleep(downMs);
        receivedWhileServerDown = dataReceived.get() - receivedBefore;
        startServer();
        long restarted = System.nanoTime();
        await(root::isAttached, options.repairLimitMs(), "the root has its socket again");
        long reconnectMs = (System.nanoTime() - restarted) / 1_000_000;
        join(joinersAfter);
        stopTraffic(sender);
        Shape shape = shape();
        log.info("chaos server: {} DATA messages received while the server was down", receivedWhileServerDown);
        return new Result("server", before, live().size(), 0, 0, reconnectMs, reconnectMs, reconnectMs,
                shape.live() - shape.reachable(), dataSent.get() - sentBefore, dataReceived.get() - receivedBefore,
                shape.noCycle(), shape.depthsConsistent(), (System.nanoTime() - start) / 1_000_000);
    }

    private Result fault(String name, Runnable fault, int killed) throws InterruptedException {
        int before = live().size();
        orphaned.clear();
        rejoinedAt.clear();
        long sentBefore = dataSent.get();
        long receivedBefore = dataReceived.get();
        Thread sender = startTraffic();
        Thread.sleep(300);
        long start = System.nanoTime();
        fault.run();
        boolean healed = awaitQuietly(() -> shape().healed(), options.repairLimitMs());
        stopTraffic(sender);
        Shape shape = shape();
        if (!healed) {
            log.warn("chaos {}: not healed within {} ms: {}", name, options.repairLimitMs(), shape);
        }
        long[] repairMs = orphaned.stream().filter(rejoinedAt::containsKey)
                .mapToLong(n -> Math.max(0, (rejoinedAt.get(n) - start) / 1_000_000)).sorted().toArray();
        return new Result(name, before, live().size(), killed, orphaned.size(), Measures.percentile(repairMs, 50),
                Measures.percentile(repairMs, 95), Measures.max(repairMs), shape.live() - shape.reachable(),
                dataSent.get() - sentBefore, dataReceived.get() - receivedBefore, shape.noCycle(),
                shape.depthsConsistent(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Every live node sends its parent a DATA message every 200 ms, until stopped. */
    private Thread startTraffic() {
        traffic = true;
        Thread t = new Thread(() -> {
            int n = 0;
            while (traffic) {
                int seq = n++;
                for (GenetNode node : live()) {
                    node.loop().execute(() -> {
                        Channel parent = node.node().parent();
                        if (parent != null && !node.node().isClosed()) {
                            parent.send(Map.of("chaos", seq));
                            dataSent.incrementAndGet();
                        }
                    });
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "chaos-traffic");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void stopTraffic(Thread sender) throws InterruptedException {
        traffic = false;
        sender.join(2_000);
        Thread.sleep(100); // the last messages arrive
    }

    /** The shape, and each live node that is not settled: what a failed wait shows. */
    private String describe() {
        StringBuilder b = new StringBuilder(shape().toString());
        b.append("\n  server: ").append(server.status());
        for (GenetNode n : live()) {
            boolean settled = n.isRoot() ? n.isAttached() : n.parent() != null && !n.isRejoining() && n.depth() >= 0;
            if (!settled || n.isRoot()) {
                b.append("\n  ").append(n.id()).append(n.isRoot() ? " root" : "").append(" parent=")
                        .append(n.parent() == null ? null : n.parent().nodeId()).append(" rejoining=")
                        .append(n.isRejoining()).append(" depth=").append(n.depth());
                Deque<String> recent = recentEvents.get(n);
                if (recent != null) {
                    synchronized (recent) {
                        recent.forEach(e -> b.append("\n    ").append(e));
                    }
                }
            }
        }
        b.append("\n  server threads: ").append(Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(n -> n.startsWith("bootstrap-")).sorted().toList());
        // a loop that hangs shows where
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (java.util.Arrays.stream(stack).anyMatch(f ->
                    f.getClassName().startsWith("org.genet") && !f.getClassName().startsWith("org.genet.net.NodeLoop"))) {
                b.append("\n  thread ").append(t.getName()).append(' ').append(t.getState());
                for (int i = 0; i < Math.min(25, stack.length); i++) {
                    b.append("\n    at ").append(stack[i]);
                }
            }
        });
        return b.toString();
    }

    private static void await(java.util.function.BooleanSupplier condition, long limitMs, String what)
            throws InterruptedException {
        if (!awaitQuietly(condition, limitMs)) {
            throw new IllegalStateException("not within " + limitMs + " ms: " + what);
        }
    }

    private static boolean awaitQuietly(java.util.function.BooleanSupplier condition, long limitMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + limitMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Thaws frozen nodes, closes every node, loop, the client and the server. */
    @Override
    public void close() throws Exception {
        frozen.values().forEach(CountDownLatch::countDown);
        GenetNode.closeAll(nodes); // repair off first: no take-over while all leave
        for (GenetNode node : nodes) {
            node.loop().close();
        }
        client.close();
        server.close();
    }
}
