package org.genet.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.discovery.FoundTree;
import org.genet.discovery.LanAddress;
import org.genet.discovery.LanAnnouncement;
import org.genet.discovery.Links;
import org.genet.net.GenetNode;
import org.genet.overlay.Channel;
import org.genet.overlay.EventText;
import org.genet.overlay.Node;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.TreeSnapshot;
import org.genet.webrtc.WebRtc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's commands (become root, join, leave, maxDegree, ping) and the node they drive. The
 * node runs on its own loop and the commands on a worker thread, so nothing here blocks the FX
 * thread; what the node reports reaches the {@link NodeModel} through {@code Platform.runLater}.
 * The Ping button's pings are application data ({@code {"app":"ping","n":1}}, not an extension, so
 * that every neighbour's application sees them: a Genet node consumes extensions itself), which nodes hand to
 * their application; the first DATA back from that neighbour gives the round-trip time.
 */
public final class NodeController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeController.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** Who a ping goes to. */
    public enum PingTarget {
        PARENT("parent"), CHILDREN("children"), ALL("parent and children");

        private final String label;

        PingTarget(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final NodeModel model;
    private final Consumer<Runnable> fx;
    private final java.util.concurrent.ThreadPoolExecutor worker = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.MILLISECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "app-commands");
        t.setDaemon(true);
        return t;
    });
    private final long requestTimeoutMs;
    private volatile GenetNode node;
    /** Set by {@link #close()}: no node is made after it. */
    private boolean closing;
    private BootstrapServer embedded;
    /** Set on the node's loop between a rejoin and the new parent's hello. */
    private boolean announceParent;
    /** Whether the node's repair has made an attempt since it began: a root socket closing then is one that failed. */
    private boolean rejoinAttempted;
    private Lan lan;
    private LanAnnouncement announcement;
    /** The tree of the last command, remembered once the node is in it. */
    private volatile RecentTree pending;
    private int maxDegree = Node.DEFAULT_MAX_DEGREE;
    /** The Network section's ICE servers and relay policy, for the next node. */
    private volatile org.genet.ice.IceConfig ice = org.genet.ice.IceConfig.none();
    /** The largest maxDegree the app offers: a node with more children than that is no longer a fat tree's node. */
    static final int MAX_DEGREE = 100;
    /** The longest name kept (what hellos and reports carry). */
    static final int MAX_NAME = org.genet.overlay.Reports.MAX_NAME_LENGTH;
    // on the node's loop only:
    private final Map<Channel, Long> pingsInFlight = new HashMap<>();
    private final Map<Channel, Double> rtt = new HashMap<>();
    private int pingNumber;
    private final java.util.concurrent.atomic.AtomicReference<TreeSnapshot> pendingTree =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile String name = "";
    private final DemoNodes demo = new DemoNodes();

    public NodeController(NodeModel model) {
        this(model, Platform::runLater, Node.DEFAULT_REQUEST_TIMEOUT_MS);
    }

    NodeController(NodeModel model, Consumer<Runnable> fx, long requestTimeoutMs) {
        this.model = model;
        this.fx = fx;
        this.requestTimeoutMs = requestTimeoutMs;
        this.lan = Lan.off(fx);
    }

    /**
     * The size of the tree this app's server serves, for the LAN announcement: the aggregated tree
     * when this app's node is its root, else -1 (unknown). Called on the announcer's own thread.
     */
    private int treeSize() {
        GenetNode n = node;
        try {
            TreeSnapshot tree = n == null || !n.isRoot() ? null : n.topology();
            return tree == null || tree.size() == 0 ? -1 : tree.size();
        } catch (RuntimeException e) { // the node closed meanwhile
            return -1;
        }
    }

    /** Finds trees on the LAN and announces the server this app starts, through {@code lan}. */
    void useLan(Lan lan) {
        this.lan = lan;
    }

    /** Becomes the root; starts a bootstrap server in the app when none answers at a local address. */
    public void becomeRoot(String address, String secret) {
        URI server = parse(address);
        if (server == null) {
            return;
        }
        if (secret == null || secret.isBlank()) {
            say("A root needs the server's secret.");
            return;
        }
        starting("Becoming root through " + address + " ...");
        String tree = treeName(name);
        pending = new RecentTree(address.strip(), tree);
        model.setTreeName(tree);
        worker.execute(() -> {
            try {
                if (!answers(server) && !startEmbeddedServer(server, secret.strip())) {
                    return;
                }
                GenetNode n = newNode(server);
                n.becomeRoot(secret.strip());
            } catch (RuntimeException e) {
                failed("Could not become root: " + e.getMessage());
            }
        });
    }

    /** Joins the tree of the bootstrap server at {@code address}. */
    public void join(String address) {
        join(address, address, null);
    }

    /** Joins a tree found on the LAN. */
    public void join(FoundTree tree) {
        join(tree.address(), tree.name(), null);
    }

    /**
     * Joins the tree of the bootstrap server at {@code address}, remembered as {@code name} once
     * joined. With a secret, this node is also a standby root: if the root goes while the server
     * stays (its app left the tree), it takes over and the tree rejoins under it.
     */
    public void join(String address, String name, String standbySecret) {
        URI server = parse(address);
        if (server == null) {
            return;
        }
        starting("Joining " + (name.equals(address) ? "through " + address : "\"" + name + "\"") + " ...");
        pending = new RecentTree(address.strip(), name);
        model.setTreeName(name.equals(address) ? "" : name);
        worker.execute(() -> {
            try {
                GenetNode n = newNode(server);
                if (standbySecret != null && !standbySecret.isBlank()) {
                    n.standby(standbySecret.strip());
                }
                n.join();
            } catch (RuntimeException e) {
                failed("Could not join: " + e.getMessage());
            }
        });
    }

    /** Leaves the tree: closes the node and its connections. The embedded server keeps running. */
    public void leave() {
        worker.execute(() -> {
            closeNode();
            fx.accept(() -> {
                model.apply(new NodeModel.Update(NodeModel.Role.IDLE, "-", 0, "not connected", Topology.empty(),
                        entry("leave", "left the tree")));
                model.setTree(TreeSnapshot.empty()); // the tree it knew is no longer this app's to show
                model.setMessage(embedded != null
                        ? "Left the tree. This app's bootstrap server still runs: the tree goes on without it."
                        : "Left the tree.");
            });
        });
    }

    /**
     * The name the tree this app starts goes by on the LAN: the user's name for this node, else
     * the account's, with the machine's ("alice's tree", "bob's tree on lab-pc"); "Genet on HOST"
     * made every app's tree look alike.
     */
    static String treeName(String nodeName) {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName.strip() + "'s tree";
        }
        String user = System.getProperty("user.name", "");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "";
        }
        host = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        return (user.isBlank() ? "A Genet tree" : user + "'s tree") + (host.isBlank() ? "" : " on " + host);
    }

    /** The name this node goes by (the next node the app starts takes it). */
    public void setName(String value) {
        name = value == null ? "" : value.strip();
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
        }
        model.setName(name);
        GenetNode n = node;
        if (n != null) {
            String named = name;
            n.loop().execute(() -> n.node().setName(named));
        }
    }

    /** The ICE servers (besides the bootstrap server's) and relay policy the next node starts with. */
    public void setIce(org.genet.ice.IceConfig given) {
        ice = given;
    }

    /** Changes maxDegree now; lowering it never drops a child. */
    public void setMaxDegree(int value) {
        if (value < 1 || value > MAX_DEGREE) {
            say("maxDegree is 1 to " + MAX_DEGREE + ", not " + value + ".");
            return;
        }
        if (value == maxDegree && node != null) {
            return;
        }
        maxDegree = value;
        GenetNode n = node;
        if (n != null) {
            n.loop().execute(() -> {
                if (!n.node().isClosed()) {
                    n.node().setMaxDegree(value);
                }
            });
        }
    }

    public void ping(PingTarget target) {
        GenetNode n = node;
        if (n == null) {
            say("Not in a tree: nobody to ping.");
            return;
        }
        n.loop().execute(() -> {
            List<Channel> to = new ArrayList<>();
            if (target != PingTarget.CHILDREN && n.node().parent() != null) {
                to.add(n.node().parent());
            }
            if (target != PingTarget.PARENT) {
                to.addAll(n.node().children().values());
            }
            if (to.isEmpty()) {
                fx.accept(() -> model.setMessage("No " + target + " to ping."));
                return;
            }
            for (Channel c : to) {
                pingsInFlight.put(c, System.nanoTime());
                c.send(Map.of("app", "ping", "n", ++pingNumber));
            }
            publish(n, entry("ping", "sent to " + to.size() + " neighbour" + (to.size() == 1 ? "" : "s")));
        });
    }

    /** Demo mode's nodes. */
    public DemoNodes demo() {
        return demo;
    }

    /** Demo mode: starts {@code n} nodes in the app joining through its own server, {@code perSecond} a second. */
    public void addDemoNodes(int n, double perSecond, int nodesMaxDegree) {
        BootstrapServer s = embedded;
        if (s == null || model.roleProperty().get() != NodeModel.Role.ROOT) {
            say("Demo mode grows the tree of this app's own bootstrap server while this app is its root: start a tree first.");
            return;
        }
        demo.add("127.0.0.1:" + s.getPort(), n, perSecond, nodesMaxDegree);
    }

    public void removeDemoNodes(int n) {
        demo.remove(n);
    }

    /** The app is closing: demo nodes, the node, then the embedded server, then WebRTC. Not on the FX thread: it can take a minute. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true; // a join or root command in flight now closes the node it makes
        }
        demo.close();
        // Commands not started are dropped; the one running finishes (not interrupted: an interrupted node
        // start or close leaves its loop running) and closes the node it makes, seeing `closing`.
        worker.getQueue().clear();
        worker.shutdown();
        try {
            worker.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeNode();
        lan.close();
        if (announcement != null) {
            announcement.close();
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        WebRtc.shutdown();
    }

    /** The node the app runs now, or null. For tests. */
    GenetNode node() {
        return node;
    }

    /** The server the app started, or null. */
    BootstrapServer embeddedServer() {
        return embedded;
    }

    // ---- on the worker -------------------------------------------------------------------------

    private GenetNode newNode(URI server) {
        closeNode();
        GenetNode n = GenetNode.connect(server, maxDegree, requestTimeoutMs).ice(ice);
        synchronized (this) {
            if (closing) {
                n.close();
                throw new IllegalStateException("the app is closing");
            }
            node = n;
        }
        String named = name;
        n.loop().execute(() -> {
            // on the node's loop, like every use of them: the last node's loop has closed, its listener returns early
            pingsInFlight.clear();
            rtt.clear();
            n.node().setImpl("app");
            n.node().setName(named);
            n.node().setPingIntervalMs(Node.PING_INTERVAL_MS); // the RTT labels look at this node's link up
        });
        n.on(event -> onEvent(n, event));
        n.loop().execute(() -> publish(n, null));
        return n;
    }

    private void closeNode() {
        GenetNode n = node;
        node = null;
        if (n != null) {
            n.close();
        }
    }

    private boolean startEmbeddedServer(URI server, String secret) {
        String host = server.getHost();
        if (!isLocal(host)) {
            failed("No bootstrap server answers at " + host + ":" + port(server) + ".");
            return false;
        }
        if (embedded != null) {
            failed("The bootstrap server this app started no longer answers.");
            return false;
        }
        try {
            BootstrapServer s = new BootstrapServer(new InetSocketAddress("0.0.0.0", port(server)),
                    // the app's own demo nodes come from 127.0.0.1: the per-address limits are for others
                    ServerConfig.builder(secret).exemptLocalhost(true).build());
            s.startAndWait();
            embedded = s;
            announcement = lan.announce(s, pending == null ? treeName(name) : pending.name(), this::treeSize);
            String lanIp = lanAddress();
            String shared = (lanIp != null ? lanIp : "localhost") + ":" + port(server);
            String announced = announcement == null ? "" : ", announced on the LAN as \"" + announcement.name() + "\"";
            fx.accept(() -> {
                model.setBootstrap("Bootstrap server in this app on port " + port(server) + announced + ". Other apps "
                        + (announced.isEmpty() ? "" : "find it in their list, or ") + "join with " + shared
                        + " (link " + Links.of(shared) + "); browsers and phones open the page above.");
                model.setBrowserPage("http://" + shared + "/");
                model.setOwnServer(true);
            });
            return true;
        } catch (Exception e) {
            failed("Could not start a bootstrap server on port " + port(server) + ": " + e.getMessage());
            return false;
        }
    }

    // ---- on the node's loop --------------------------------------------------------------------

    private void onEvent(GenetNode n, NodeEvent event) {
        if (node != n) {
            return;
        }
        if (event instanceof NodeEvent.TopologyChange t) {
            publishTree(t.topology());
            publishNeighbourhood(n);
            return; // a change of the tree is no event for the log: the whole-tree view shows it
        }
        if (event instanceof NodeEvent.Data d) {
            String reply = answerPing(d);
            if (reply != null) {
                publish(n, entry("ping", reply));
                return;
            }
        } else if (event instanceof NodeEvent.ChildClose c) {
            forget(c.channel());
        } else if (event instanceof NodeEvent.ChildError c) {
            forget(c.channel());
        }
        publish(n, entry(event.kind(), EventText.detail(event)));
        if (event instanceof NodeEvent.RootOpen || event instanceof NodeEvent.ParentConnect) {
            RecentTree tree = pending;
            if (tree != null) {
                tree.save();
            }
        }
        if (event instanceof NodeEvent.Rejoined r && !r.asRoot()) {
            announceParent = true; // the new parent's hello names it
        }
        if (event instanceof NodeEvent.Rejoining) {
            rejoinAttempted = true;
        } else if (event instanceof NodeEvent.Rejoined || event instanceof NodeEvent.RootOpen
                || event instanceof NodeEvent.ParentConnect) {
            rejoinAttempted = false;
        }
        String message = userMessage(n.node(), event, announceParent, rejoinAttempted);
        if (event instanceof NodeEvent.Hello h && h.channel().isParent()) {
            announceParent = false;
        }
        if (message != null) {
            fx.accept(() -> model.setMessage(message));
        }
    }

    /**
     * Answers a neighbour's ping; takes the first DATA back after ours as its answer and keeps the
     * round-trip time. Returns what the log says of that answer, or null if this was none.
     */
    private String answerPing(NodeEvent.Data d) {
        if ("ping".equals(d.data().path("app").asText())) {
            d.channel().send(Map.of("app", "pong", "n", d.data().path("n").asInt()));
        }
        Long sent = pingsInFlight.remove(d.channel());
        if (sent == null) {
            return null;
        }
        double ms = (System.nanoTime() - sent) / 1e6;
        rtt.put(d.channel(), ms);
        return String.format("reply after %.1f ms, %s", ms, EventText.detail(d));
    }

    private void forget(Channel channel) {
        pingsInFlight.remove(channel);
        rtt.remove(channel);
    }

    /** Sends the node's state, as it is now, to the model. */
    private void publish(GenetNode n, NodeModel.LogEntry entry) {
        Node core = n.node();
        NodeModel.Role role = core.isClosed() ? NodeModel.Role.IDLE
                : core.isRoot() ? NodeModel.Role.ROOT
                : core.parent() != null && !core.isAttached() ? NodeModel.Role.CUT_OFF
                : core.parent() != null ? NodeModel.Role.MEMBER
                : core.isRejoining() ? NodeModel.Role.REJOINING
                : core.isJoining() ? NodeModel.Role.JOINING
                : NodeModel.Role.IDLE;
        String connection = core.isRoot() ? "connected to the bootstrap server"
                : core.parent() != null && !core.isAttached() ? "connected to a parent; a node above it rejoins"
                : core.parent() != null ? "connected to a parent"
                : core.isRejoining() ? "rejoining… with " + core.childrenNb() + " children"
                : core.isJoining() ? "waiting for a parent"
                : "not connected";
        List<Topology.Child> children = new ArrayList<>();
        TreeSnapshot tree = core.topology();
        core.children().forEach((slot, c) -> children.add(new Topology.Child(slot, c.nodeId() != null ? c.nodeId() : c.id(),
                rtt(c, tree == null ? null : tree.node(c.nodeId())), c.candidatePair() == null ? null : c.candidatePair().link())));
        long wallNow = System.currentTimeMillis();
        long nodeNow = core.scheduler().now();
        List<Topology.Pending> candidates = core.candidates().stream()
                .map(c -> new Topology.Pending(c.origin(), wallNow + c.expiresAt() - nodeNow)).toList();
        Channel parent = core.parent();
        Topology topology = new Topology(parent != null, parent == null ? null : parent.label(),
                parent == null ? null : parent.speaksGenet() ? parent.impl() : "original", parent == null ? null : rtt(parent, tree == null ? null : tree.node(core.id())),
                children, candidates, new TreeMap<>(core.storedRequests()),
                parent == null || parent.candidatePair() == null ? null : parent.candidatePair().link());
        NodeModel.Update update = new NodeModel.Update(role, core.id(), core.maxDegree(), connection, topology, entry);
        fx.accept(() -> {
            if (node == n) { // a node left meanwhile says nothing more
                model.apply(update);
            }
        });
        publishTree(core.isClosed() || tree == null ? TreeSnapshot.empty() : tree);
    }

    private void publishNeighbourhood(GenetNode n) {
        publish(n, null);
    }

    /**
     * The round-trip time to a neighbour: of the app's own last ping, else the one in the tree's
     * reports (a child measures it to its parent).
     */
    private Double rtt(Channel c, TreeSnapshot.NodeInfo reported) {
        Double own = rtt.get(c);
        if (own != null) {
            return own;
        }
        return reported == null || Double.isNaN(reported.rttMs()) ? null : reported.rttMs();
    }

    /**
     * Hands the latest tree to the FX thread, at most one hand-over in flight: snapshots that
     * arrive meanwhile replace each other, so a burst of changes costs one layout.
     */
    void publishTree(TreeSnapshot tree) {
        GenetNode from = node;
        if (pendingTree.getAndSet(tree) == null) {
            fx.accept(() -> {
                TreeSnapshot latest = pendingTree.getAndSet(null);
                if (latest != null && (node == from || from == null)) { // not the tree of a node left meanwhile
                    model.setTree(latest);
                }
            });
        }
    }
    private static String userMessage(Node n, NodeEvent event, boolean announceParent, boolean rejoinAttempted) {
        if (event instanceof NodeEvent.RootOpen) {
            return "This node is the root. Others join with the same address.";
        } else if (event instanceof NodeEvent.RootClose e && n.isRejoining() && rejoinAttempted) {
            // an attempt of the repair (a root reconnecting, a standby taking over) that failed: the
            // server may well be there, and the node goes on by itself
            return "Still rejoining: the root socket could not be opened (" + e.reason() + "). The next attempt comes by itself.";
        } else if (event instanceof NodeEvent.RootClose e && n.isRejoining()) {
            return "The bootstrap server is gone (" + e.reason() + "): reconnecting… the tree keeps working.";
        } else if (event instanceof NodeEvent.RootClose e) {
            return "No longer the root: " + e.reason() + ". Check the address and secret, then try again.";
        } else if (event instanceof NodeEvent.Rejoining r && r.attempt() == 1) {
            return r.asRoot() ? "The root is gone: taking over as the root…" : "The parent is gone: rejoining… (children kept)";
        } else if (event instanceof NodeEvent.Rejoined r) {
            return r.asRoot() ? "Back as the root after " + r.afterMs() + " ms."
                    : "Rejoined the tree after " + r.afterMs() + " ms, under a new parent.";
        } else if (event instanceof NodeEvent.Hello h && h.channel().isParent() && announceParent) {
            return "Rejoined the tree: the new parent is " + h.channel().label() + ".";
        } else if (event instanceof NodeEvent.ParentConnect) {
            return "Joined the tree.";
        } else if (event instanceof NodeEvent.JoinFail e && n.isRejoining()) {
            return "Still rejoining: an attempt failed (" + e.reason() + "). The next one comes by itself.";
        } else if (event instanceof NodeEvent.JoinFail e) {
            return "Join failed: " + e.reason() + ". Check the address, then click Join again.";
        } else if (event instanceof NodeEvent.ParentClose) { // said before the rejoin starts: whether it will
            return n.repair() ? "The parent left: rejoining… (children kept)" : "The parent left. Leave, then join again.";
        } else if (event instanceof NodeEvent.ParentError e) {
            return "The connection to the parent failed: " + e.reason() + (n.repair() ? ". Rejoining…" : ".");
        }
        return null;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private URI parse(String address) {
        try {
            URI uri = BootstrapClient.address(address == null ? "" : address);
            if (uri.getPort() < 1 || uri.getPort() > 65535) {
                say("Not a valid address: \"" + shown(address) + "\": the port is 1 to 65535. Use host:port, for example "
                        + GenetApp.DEFAULT_ADDRESS + ".");
                return null;
            }
            return uri;
        } catch (IllegalArgumentException e) {
            say("Not a valid address: \"" + shown(address) + "\". Use host:port, for example " + GenetApp.DEFAULT_ADDRESS + ".");
            return null;
        }
    }

    /** What the user typed, cut to a length a message can hold. */
    private static String shown(String text) {
        return text == null ? "" : text.length() > 60 ? text.substring(0, 59) + "…" : text;
    }

    private void starting(String text) {
        model.setMessage(text);
        model.apply(new NodeModel.Update(NodeModel.Role.STARTING, null, 0, null, null, null));
    }

    private void failed(String text) {
        log.warn(text);
        fx.accept(() -> {
            model.setMessage(text);
            model.apply(new NodeModel.Update(NodeModel.Role.IDLE, null, 0, "not connected", null, entry("error", text)));
        });
    }

    private void say(String text) {
        model.setMessage(text);
    }

    private static NodeModel.LogEntry entry(String kind, String text) {
        return new NodeModel.LogEntry(TIME.format(LocalTime.now()), kind, text);
    }

    private static int port(URI server) {
        return server.getPort();
    }

    /** Whether something accepts connections at the server's address, within half a second. */
    private static boolean answers(URI server) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.getHost(), port(server)), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** This machine's address on its LAN (the first non-loopback IPv4 address), or null. */
    static String lanAddress() {
        try {
            for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (IOException e) {
            // no interfaces to tell
        }
        return null;
    }
}
