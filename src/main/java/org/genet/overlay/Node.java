package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.genet.overlay.NodeEvent.Decision;
import org.genet.overlay.TreeSnapshot.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the Genet tree: the join algorithm of PROTOCOL.md section 5, with no I/O of its own.
 * It reaches the bootstrap server and its peers through a {@link Network} and keeps time through a
 * {@link Scheduler}; it is confined to that scheduler's thread.
 *
 * <p>Where the original misbehaves (PROTOCOL.md section 7) this node differs:
 * <ol>
 *   <li>{@link #close()} closes children and candidates too;</li>
 *   <li>a frame it cannot read is reported and dropped;</li>
 *   <li>it remembers the origins it connected or gave up on, and what it delegated where, so late
 *       signals neither create candidates nor wander; only an offer creates a candidate;</li>
 *   <li>when a candidate fails, a child leaves or maxDegree changes, stored requests are handled
 *       again at once, and they expire with the request timeout; when no candidate is coming to
 *       fill a slot, its requests go to the next child;</li>
 *   <li>a connection that completes beyond maxDegree takes the next free slot instead of crashing;</li>
 *   <li>it repairs the tree (defects 5 and 6), as below.</li>
 * </ol>
 *
 * <h2>Self-repair</h2>
 * When its parent closes, fails, or stays silent past the keepalive bound, a node rejoins through
 * the bootstrap server with its children still attached, after a backoff that doubles (with
 * jitter) until it has a parent again. A root that loses its socket to the server keeps its tree
 * and opens the socket again the same way. A node given a standby secret takes the root socket
 * itself when the root is gone. {@link #setRepair(boolean) setRepair(false)} gives the original's
 * behaviour: an orphan stays an orphan.
 *
 * <p>Failures that close nothing (a frozen process, a network gone) are seen through keepalives:
 * four per bound to each neighbour that takes extensions, both ways; a neighbour heard from by no
 * frame for longer than the bound is dropped. A neighbour not known to speak Genet (an original
 * node) is never sent one and never dropped for silence.
 *
 * <p><b>A node never ends up below its own descendant.</b> A node's subtree hangs from the tree
 * only through the node itself. The rules that keep it so:
 * <ol>
 *   <li>A node takes join requests only from its current parent and, as the root, from the root
 *       socket. A node without a parent therefore receives none: it cannot answer its own
 *       request, and neither can any node of its subtree, because requests reach a subtree only
 *       through its top.</li>
 *   <li>A node that loses its parent closes that channel for good and never reads it again. A
 *       frozen link where the old parent still lists it as a child (and may forward it requests,
 *       even its own) thus delivers nothing: the request is lost, the join attempt times out and
 *       the next one, with a new origin, is routed afresh.</li>
 *   <li>A node that loses its parent (or its root socket) drops the join requests it stored and
 *       its routes, so it makes no candidate from a request received before the cut. Candidates
 *       it already answers stay: their joiners asked before the cut and have, until they connect,
 *       no parent and so no way to be above this node.</li>
 *   <li>Its descendants are told: its depth becomes unknown (-1), and the {@code hello} that says
 *       so goes down the subtree, so every node knows whether it has a way up to the root.</li>
 *   <li>Only a node without a parent may take the root socket (a standby does so only then): a
 *       descendant that became the root would receive its own ancestor's request.</li>
 * </ol>
 * Two cut-off subtrees cannot take each other either: each request is made after its node lost
 * its parent, and reaches only nodes that have a way up to the root at that moment.
 *
 * <p>It also speaks Genet's extensions (docs/EXTENSIONS.md) with the neighbours known to speak
 * them, and only with those: a hello each way, topology reports from child to parent (the tree it
 * knows is {@link #topology()}), and a ping for the round trip time to its parent. Extension
 * payloads are consumed here; applications' {@code data} events never see them.
 */
public final class Node {
    public static final int DEFAULT_MAX_DEGREE = 10;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /** How long a Genet neighbour may stay silent before it is taken for dead. */
    public static final long DEFAULT_KEEPALIVE_BOUND_MS = 4_000;
    /** The first wait before trying to rejoin, and the longest one the backoff reaches. */
    public static final long REJOIN_FIRST_MS = 250;
    public static final long REJOIN_MAX_MS = 8_000;
    /** An orphan of the root waits this long first, so that a standby can take the root socket. */
    public static final long ROOT_ORPHAN_FIRST_MS = 1_000;
    /** How long a change waits for others before the tree is rebuilt and reported (at most one report per delay). */
    public static final long DEFAULT_REPORT_DELAY_MS = 250;
    /** How often a child measures the round trip time to its parent. */
    public static final long PING_INTERVAL_MS = 10_000;
    /** What a keepalive does unless an application takes them: nothing beyond being heard. */
    private static final BiConsumer<Channel, JsonNode> KEEPALIVE_HEARD = (channel, data) -> { };
    /** The keepalive frame, the same every time. */
    private static final String KEEPALIVE_FRAME = Wire.dataFrame(Extensions.payload(Extensions.KEEPALIVE));
    /**
     * Signals of one origin this node applies, forwards or stores by default
     * ({@link NodeBounds#signalsPerJoiner()}): an offer and its ICE candidates are a few dozen; a
     * joiner sending more is attacking whoever answers it, and is cut off.
     */
    public static final int MAX_SIGNALS_PER_ORIGIN = 100;
    /** The longest tree-channel frame read, in characters: the SCTP message limit of 256 KiB. */
    public static final int MAX_FRAME_CHARS = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final Network network;
    private final Scheduler scheduler;
    private final String id;
    private final long requestTimeoutMs;
    private final Random random;
    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();

    private int maxDegree;
    private NodeBounds bounds = NodeBounds.DEFAULT;
    /** Join requests from the current parent, against {@link NodeBounds#parentRequestsPerSecond()}. */
    private final NodeBounds.Rate parentRequests = new NodeBounds.Rate();
    private boolean closed;
    private RootSocket root;
    /** The root socket is open: the server hands this node the join requests. */
    private boolean rootOpen;
    private JoinAttempt joining;
    private Channel parent;
    private final TreeMap<Integer, Channel> children = new TreeMap<>();
    private final Map<String, Candidate> candidates = new LinkedHashMap<>();
    private final StoredRequests stored = new StoredRequests();
    /** Where each recently delegated origin went, so that all its signals follow the first. */
    private final Map<String, Route> routes = new HashMap<>();
    /** Origins that connected or were given up on, until their late signals can no longer come. */
    private final Map<String, Long> settled = new HashMap<>();
    private Scheduler.Cancellable sweep;

    // ---- self-repair ----
    private boolean repair = true;
    private String standbySecret;
    private long keepaliveBoundMs = DEFAULT_KEEPALIVE_BOUND_MS;
    private Scheduler.Cancellable keepaliveTimer;
    /** The secret this node became the root with: it takes the root socket again when it loses it. */
    private String rootSecret;
    /** Set while this node has neither parent nor root socket and tries to get one again. */
    private Rejoin rejoin;

    private static final class Rejoin {
        final long since;
        final boolean orphanOfRoot;
        int attempts;
        boolean lastAsRoot;
        /** The last root attempt found the socket taken (or the secret wrong): join next. */
        boolean refused;
        Scheduler.Cancellable next;

        Rejoin(long since, boolean orphanOfRoot) {
            this.since = since;
            this.orphanOfRoot = orphanOfRoot;
        }
    }
    // ---- extensions (docs/EXTENSIONS.md) ----
    private String name;
    private String impl = "java";
    private boolean extensions = true;
    private long reportDelayMs = DEFAULT_REPORT_DELAY_MS;
    private boolean tracksTopology = true;
    private final Map<String, BiConsumer<Channel, JsonNode>> extensionHandlers = new HashMap<>();
    private Scheduler.Cancellable reportTimer;
    private volatile TreeSnapshot topology;
    /** What the parent holds of our subtree; null until the next report, which is then a full one. */
    private Map<String, NodeInfo> sentToParent;
    private int reportSeq;
    private long reportBytesSent;
    private long reportBytesReceived;
    private double parentRttMs = Double.NaN;
    private double smoothedRttMs = Double.NaN;
    private int pingSeq;
    private long pingSentAt;
    private Scheduler.Cancellable pingTimer;

    /** Where an origin's signals go, and how many went there. */
    private static final class Route {
        final Channel child;
        final long expiresAt;
        int signals;

        Route(Channel child, long expiresAt) {
            this.child = child;
            this.expiresAt = expiresAt;
            this.signals = 1; // the first, which made the route
        }

        Channel child() {
            return child;
        }

        long expiresAt() {
            return expiresAt;
        }
    }

    private static final class JoinAttempt {
        PeerLink link;
        Scheduler.Cancellable timeout;
    }

    public Node(Network network, Scheduler scheduler, Random random) {
        this(network, scheduler, random, DEFAULT_MAX_DEGREE, DEFAULT_REQUEST_TIMEOUT_MS);
    }

    public Node(Network network, Scheduler scheduler, Random random, int maxDegree, long requestTimeoutMs) {
        this.network = Objects.requireNonNull(network);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.random = random;
        this.id = Hash31.newNodeId(random);
        // Any frame from a neighbour shows it is alive; a keepalive says nothing more.
        extensionHandlers.put(Extensions.KEEPALIVE, KEEPALIVE_HEARD);
        this.maxDegree = checkMaxDegree(maxDegree);
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be positive");
        }
        this.requestTimeoutMs = requestTimeoutMs;
        this.topology = buildTopology();
    }

    // ---- commands -------------------------------------------------------------------------

    /** Becomes the root: every join request enters the tree here, through the server's root socket. */
    public void becomeRoot(String secret) {
        assert inLoop();
        checkIdle("become root");
        rootSecret = Objects.requireNonNull(secret);
        openRootSocket(secret);
    }

    /** Joins the tree; reports {@code parent-connect}, or {@code join-fail} after the request timeout. */
    public void join() {
        assert inLoop();
        checkIdle("join");
        startJoin();
    }

    private void openRootSocket(String secret) {
        RootListener listener = new RootListener();
        root = network.openRoot(secret, listener);
        listener.socket = root;
    }

    private void startJoin() {
        JoinAttempt attempt = new JoinAttempt();
        joining = attempt;
        attempt.timeout = scheduler.schedule(requestTimeoutMs,
                () -> failJoin(attempt, "no parent connected within " + requestTimeoutMs + " ms"));
        attempt.link = network.join(new ParentListener(attempt));
        emit(new NodeEvent.JoinStart());
    }

    /**
     * Switches self-repair on (the default) or off. Off, a node that loses its parent stays
     * without one, and a root that loses its socket does not open it again, as in the original.
     */
    public void setRepair(boolean repair) {
        assert inLoop();
        this.repair = repair;
        if (!repair && rejoin != null) {
            stopRejoin();
        }
    }

    public boolean repair() {
        return repair;
    }

    /**
     * Makes this node a standby root: when it is left without a parent and the server has no
     * root (its parent was the root, or a rejoin failed), it takes the root socket with
     * {@code secret}, its subtree staying attached. Null: never.
     */
    public void setStandby(String secret) {
        assert inLoop();
        this.standbySecret = secret;
    }

    public String standby() {
        return standbySecret;
    }

    /**
     * How long a neighbour that takes keepalives may stay silent before this node drops it (its
     * parent: the node rejoins; a child: its slot frees). Keepalives go out four times per bound.
     */
    public void setKeepaliveBound(long ms) {
        assert inLoop();
        if (ms < 4) {
            throw new IllegalArgumentException("the keepalive bound must be at least 4 ms, not " + ms);
        }
        this.keepaliveBoundMs = ms;
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
        armKeepalive();
    }

    public long keepaliveBound() {
        return keepaliveBoundMs;
    }

    /** What neighbours can make this node hold, and how fast ({@link NodeBounds#DEFAULT} by default). */
    public void setBounds(NodeBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds);
    }

    public NodeBounds bounds() {
        return bounds;
    }

    /** Closes the root socket, the parent, every child and every candidate. */
    public void close() {
        assert inLoop();
        if (closed) {
            return;
        }
        closed = true;
        stopRejoin();
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
        if (root != null) {
            root.close();
            root = null;
            rootOpen = false;
        }
        if (joining != null) {
            joining.timeout.cancel();
            joining.link.close();
            joining = null;
        }
        if (parent != null) {
            parent.link.close();
            parent = null;
        }
        children.values().forEach(child -> child.link.close());
        children.clear();
        for (Candidate candidate : candidates.values()) {
            candidate.expiry.cancel();
            candidate.link.close();
        }
        candidates.clear();
        stored.takeAll();
        routes.clear();
        settled.clear();
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
        if (reportTimer != null) {
            reportTimer.cancel();
            reportTimer = null;
        }
        stopPings();
        emit(new NodeEvent.Close());
    }

    /**
     * Changes maxDegree at once. Lowering it never drops a child or a candidate: the node only
     * stops taking new candidates until it is under the new bound.
     */
    public void setMaxDegree(int maxDegree) {
        assert inLoop();
        this.maxDegree = checkMaxDegree(maxDegree);
        emit(new NodeEvent.MaxDegreeChange(maxDegree));
        helloNeighbours();
        handleStoredAgain();
    }

    /**
     * Names this node (null or blank: no name): how every place shows it, and what its hello and
     * reports carry. At most {@value Reports#MAX_NAME_LENGTH} characters are kept.
     */
    public void setName(String name) {
        assert inLoop();
        String cut = name == null || name.isBlank() ? null : name.strip();
        if (cut != null && cut.length() > Reports.MAX_NAME_LENGTH) {
            cut = cut.substring(0, Reports.MAX_NAME_LENGTH);
        }
        if (Objects.equals(cut, this.name)) {
            return;
        }
        this.name = cut;
        helloNeighbours();
        markDirty();
    }

    /** What this node runs as, for the others' views: "java" (the default), "app", "browser". */
    public void setImpl(String impl) {
        assert inLoop();
        this.impl = Objects.requireNonNull(impl);
        helloNeighbours();
        markDirty();
    }

    /**
     * Whether this node speaks Genet's extensions (true by default). False makes it behave as an
     * original node does: no hello, no reports, every DATA payload goes to the application. For
     * tests and the simulator.
     */
    public void setExtensions(boolean extensions) {
        assert inLoop();
        this.extensions = extensions;
        tracksTopology |= extensions;
        markDirty();
    }

    /**
     * Whether this node keeps its tree snapshot up to date ({@link #topology()}, the
     * {@code topology} event; true by default). Only a node that neither reports to a parent nor
     * has anyone reading its snapshot may switch it off: the simulator's join runs, where nodes
     * speak no extensions and the run's own figures come from the nodes' events.
     */
    public void setTracksTopology(boolean tracks) {
        assert inLoop();
        if (!tracks && extensions) {
            throw new IllegalStateException("a node that speaks extensions reports its tree, so it keeps it");
        }
        this.tracksTopology = tracks;
        if (!tracks && reportTimer != null) {
            reportTimer.cancel();
            reportTimer = null;
        }
        markDirty();
    }

    /** How long changes gather before one report goes out ({@value #DEFAULT_REPORT_DELAY_MS} ms by default). */
    public void setReportDelayMs(long reportDelayMs) {
        if (reportDelayMs < 0) {
            throw new IllegalArgumentException("reportDelayMs must not be negative");
        }
        this.reportDelayMs = reportDelayMs;
    }

    /**
     * Handles extension payloads of {@code kind} from neighbours that speak Genet (another issue's
     * kinds, such as keepalives). The handler runs on the node's scheduler.
     */
    public void onExtension(String kind, BiConsumer<Channel, JsonNode> handler) {
        extensionHandlers.put(Objects.requireNonNull(kind), Objects.requireNonNull(handler));
    }

    /**
     * Sends an extension payload ({@link Extensions#payload(String)}) to a neighbour, if it is
     * known to speak Genet. Returns whether it was sent.
     */
    public boolean sendExtension(Channel channel, ObjectNode payload) {
        assert inLoop();
        if (!extensions || !channel.genet || Extensions.kindOf(payload) == null) {
            return false;
        }
        channel.transmit(Wire.dataFrame(payload));
        return true;
    }

    public void addListener(Consumer<NodeEvent> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Consumer<NodeEvent> listener) {
        listeners.remove(listener);
    }

    // ---- state ----------------------------------------------------------------------------

    public String id() {
        return id;
    }

    public int maxDegree() {
        return maxDegree;
    }

    public long requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** This node's name, or null. */
    public String name() {
        return name;
    }

    /** How every place names this node: its name, else its id. */
    public String label() {
        return name != null ? name : id;
    }

    public String impl() {
        return impl;
    }

    /**
     * The tree this node knows: itself and the subtrees its children reported (at the root, the
     * whole tree). Rebuilt at most once per report delay; safe to read from any thread.
     */
    public TreeSnapshot topology() {
        return topology;
    }

    /** This node's depth: 0 at the root, else one more than its parent said in its hello; -1 unknown. */
    public int depth() {
        assert inLoop();
        if (rootOpen) {
            return 0;
        }
        return parent != null && parent.genet && parent.depth >= 0 ? parent.depth + 1 : -1;
    }

    /** The round trip time to the parent in milliseconds (smoothed, as last reported), NaN if unknown. */
    public double parentRttMs() {
        return parentRttMs;
    }

    /** Bytes of report payloads (their DATA frames) this node sent its parent. */
    public long reportBytesSent() {
        return reportBytesSent;
    }

    /** Bytes of report payloads (their DATA frames) this node received from its children. */
    public long reportBytesReceived() {
        return reportBytesReceived;
    }

    public boolean isRoot() {
        assert inLoop();
        return root != null;
    }

    public boolean isJoining() {
        assert inLoop();
        return joining != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /** True while this node has lost its parent (or its root socket) and tries to get one again. */
    public boolean isRejoining() {
        assert inLoop();
        return rejoin != null;
    }

    /**
     * False while this node or one of its ancestors has no way up to the server's root: it lost
     * its parent and rejoins, or it is a root without its socket.
     */
    public boolean isAttached() {
        assert inLoop();
        return rootOpen || parent != null && (!parent.genet || parent.depth >= 0);
    }

    /** The parent channel, or null. */
    public Channel parent() {
        assert inLoop();
        return parent;
    }

    /** The children by slot. */
    public SortedMap<Integer, Channel> children() {
        assert inLoop();
        return Collections.unmodifiableSortedMap(children);
    }

    public int childrenNb() {
        assert inLoop();
        return children.size();
    }

    public List<Candidate> candidates() {
        assert inLoop();
        return List.copyOf(candidates.values());
    }

    public int candidatesNb() {
        assert inLoop();
        return candidates.size();
    }

    /** How many join requests wait in each slot. */
    public SortedMap<Integer, Integer> storedRequests() {
        assert inLoop();
        return stored.countBySlot();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    // ---- the join algorithm -----------------------------------------------------------------

    private void handleJoinRequest(JoinRequest request, long expiresAt, boolean replay) {
        assert inLoop();
        String origin = request.origin();
        Candidate candidate = candidates.get(origin);
        if (candidate != null) {
            if (++candidate.signals > bounds.signalsPerJoiner()) {
                report(request, Decision.DROP, -1, "over " + bounds.signalsPerJoiner() + " signals from one joiner", replay);
                log.debug("node {}: candidate {} sent over {} signals: given up", id, origin, bounds.signalsPerJoiner());
                dropCandidate(candidate, "sent over " + bounds.signalsPerJoiner() + " signals");
                return;
            }
            candidate.link.signal(request.signal());
            report(request, Decision.SIGNAL_CANDIDATE, -1, null, replay);
            return;
        }
        int storedSlot = stored.slotOf(origin);
        if (storedSlot >= 0) {
            store(request, storedSlot, expiresAt, "behind earlier signals of its origin", replay);
            return;
        }
        Route route = routes.get(origin);
        if (route != null && route.expiresAt() > now() && children.get(route.child().slot()) == route.child()) {
            if (++route.signals > bounds.signalsPerJoiner()) {
                report(request, Decision.DROP, -1, "over " + bounds.signalsPerJoiner() + " signals from one joiner", replay);
                return;
            }
            route.child().forward(request);
            report(request, Decision.DELEGATE, route.child().slot(), "follows its origin's first signal", replay);
            return;
        }
        if (!request.isOffer()) {
            report(request, Decision.DROP, -1, settled.containsKey(origin)
                    ? "late signal of an origin already connected or given up"
                    : "no offer and no earlier signal of its origin here", replay);
            return;
        }
        if (settled.containsKey(origin)) {
            report(request, Decision.DROP, -1, "offer of an origin already connected or given up", replay);
            return;
        }
        if (children.size() + candidates.size() < maxDegree) {
            createCandidate(request, expiresAt, replay);
            return;
        }
        delegate(request, expiresAt, replay);
    }

    private void delegate(JoinRequest request, long expiresAt, boolean replay) {
        int slot = Hash31.delegateSlot(request.origin(), id, maxDegree);
        Channel child = children.get(slot);
        String reason = null;
        if (child == null && candidates.isEmpty() && !children.isEmpty()) {
            // No candidate is coming to fill this slot: the next child takes the request.
            Map.Entry<Integer, Channel> next = children.ceilingEntry(slot);
            child = (next != null ? next : children.firstEntry()).getValue();
            reason = "slot " + slot + " is empty";
        }
        if (child == null) {
            store(request, slot, expiresAt, null, replay);
            return;
        }
        routes.put(request.origin(), new Route(child, now() + requestTimeoutMs));
        armSweep();
        child.forward(request);
        report(request, Decision.DELEGATE, child.slot(), reason, replay);
    }

    private void store(JoinRequest request, int slot, long expiresAt, String reason, boolean replay) {
        if (replay && slot == replayingSlot) {
            // handled again and back in the slot it waited in: nothing changed, nothing to tell
            stored.add(request, slot, expiresAt);
            return;
        }
        if (!replay) {
            String full = stored.countOf(request.origin()) >= bounds.signalsPerJoiner()
                    ? "over " + bounds.signalsPerJoiner() + " signals from one joiner"
                    : stored.size() >= bounds.storedRequests() || stored.chars() + request.chars() > bounds.storedBytes()
                    ? "over " + bounds.storedRequests() + " stored requests or " + bounds.storedBytes() + " bytes" : null;
            if (full != null) {
                report(request, Decision.DROP, slot, full, false);
                return;
            }
        }
        stored.add(request, slot, expiresAt);
        markDirty();
        armSweep();
        report(request, Decision.STORE, slot, reason, replay);
    }

    /**
     * Answers the joiner. A candidate made from a stored request expires when that request would
     * have: its joiner gives up by then.
     */
    private void createCandidate(JoinRequest request, long expiresAt, boolean replay) {
        long now = now();
        Candidate candidate = new Candidate(request.origin(), now, expiresAt);
        candidate.signals = 1; // the offer
        candidates.put(candidate.origin(), candidate);
        candidate.expiry = scheduler.schedule(expiresAt - now, () -> dropCandidate(candidate,
                "did not connect within " + (expiresAt - now) + " ms"));
        try {
            candidate.link = network.answer(candidate.origin(), new ChildListener(candidate));
        } catch (RuntimeException e) {
            // contained here: the frame that brought the request (maybe the parent's) is not to blame
            log.warn("node {}: could not answer {}: {}", id, EventText.short6(candidate.origin()), e.toString());
            report(request, Decision.DROP, -1, "could not answer: " + e.getMessage(), replay);
            dropCandidate(candidate, "could not answer: " + e.getMessage());
            return;
        }
        report(request, Decision.CANDIDATE, -1, null, replay);
        emit(new NodeEvent.CandidateCreate(candidate));
        candidate.link.signal(request.signal());
    }

    private void dropCandidate(Candidate candidate, String reason) {
        if (!candidates.remove(candidate.origin(), candidate)) {
            return;
        }
        candidate.expiry.cancel();
        if (candidate.link != null) { // null: the answer failed
            candidate.link.close();
        }
        settle(candidate.origin());
        emit(new NodeEvent.CandidateDrop(candidate, reason));
        handleStoredAgain();
    }

    private Channel promote(Candidate candidate) {
        candidates.remove(candidate.origin());
        candidate.expiry.cancel();
        settle(candidate.origin());
        int slot = 0;
        while (children.containsKey(slot)) {
            slot++;
        }
        Channel child = new Channel(this, candidate.link, candidate.origin(), slot);
        child.heard(now());
        children.put(slot, child);
        if (extensions && candidate.link.remoteSpeaksGenet()) {
            child.genet = true;
            child.transmit(Wire.dataFrame(hello()));
            armKeepalive();
        }
        emit(new NodeEvent.ChildConnect(child));
        for (StoredRequests.Stored s : stored.take(slot)) {
            handleStored(s);
        }
        if (candidates.isEmpty() && stored.size() > 0) {
            handleStoredAgain();
        }
        return child;
    }

    private void removeChild(Channel child, String error) {
        if (children.get(child.slot()) != child) {
            return;
        }
        children.remove(child.slot());
        child.link.close();
        child.reported = null; // events may keep the channel: not the subtree it reported
        emit(error == null ? new NodeEvent.ChildClose(child) : new NodeEvent.ChildError(child, error));
        handleStoredAgain();
    }

    /** Capacity or slots changed: every stored request is handled again, in its order. */
    private void handleStoredAgain() {
        if (stored.size() == 0 || closed) {
            return;
        }
        for (StoredRequests.Stored s : stored.takeAll()) {
            handleStored(s);
        }
    }

    /** The slot a stored request being handled again waited in, else -1. */
    private int replayingSlot = -1;

    private void handleStored(StoredRequests.Stored s) {
        if (s.expiresAt() <= now()) {
            emit(new NodeEvent.RequestExpire(s.request().origin(), s.slot()));
            return;
        }
        int before = replayingSlot;
        replayingSlot = s.slot();
        try {
            handleJoinRequest(s.request(), s.expiresAt(), true);
        } finally {
            replayingSlot = before;
        }
    }

    private void settle(String origin) {
        settled.put(origin, now() + requestTimeoutMs);
        armSweep();
    }

    /** Forgets expired routes, settled origins and stored requests, while any are held. */
    private void armSweep() {
        if (sweep != null || closed || (routes.isEmpty() && settled.isEmpty() && stored.size() == 0)) {
            return;
        }
        sweep = scheduler.schedule(Math.max(1, requestTimeoutMs / 2), () -> {
            sweep = null;
            long now = now();
            routes.values().removeIf(route -> route.expiresAt() <= now);
            settled.values().removeIf(forgetAt -> forgetAt <= now);
            for (StoredRequests.Stored s : stored.takeExpired(now)) {
                emit(new NodeEvent.RequestExpire(s.request().origin(), s.slot()));
            }
            armSweep();
        });
    }

    void destroy(Channel channel) {
        if (channel == parent) {
            parentLost(channel, null);
        } else {
            removeChild(channel, null);
        }
    }

    private void failJoin(JoinAttempt attempt, String reason) {
        if (joining != attempt) {
            return;
        }
        joining = null;
        attempt.timeout.cancel();
        attempt.link.close();
        emit(new NodeEvent.JoinFail(reason));
        if (rejoin != null && !closed) {
            scheduleRejoin();
        }
    }

    // ---- self-repair ------------------------------------------------------------------------

    /** The parent is gone: it closed, failed, or stayed silent past the keepalive bound. */
    private void parentLost(Channel lost, String error) {
        int depthBefore = depth();
        boolean orphanOfRoot = depthBefore == 1;
        parent = null;
        lost.link.close(); // for good: nothing it sends is read any more
        emit(error == null ? new NodeEvent.ParentClose(lost) : new NodeEvent.ParentError(lost, error));
        parentGone();
        depthChanged(depthBefore);
        forgetRequests("this node lost its parent; its joiner tries again");
        if (repair && !closed) {
            startRejoin(orphanOfRoot);
        }
    }

    /** The root lost its socket to the server: its tree stays, it opens the socket again. */
    private void rootLost(int before) {
        depthChanged(before);
        forgetRequests("the root lost its socket; its joiner tries again");
        if (repair && !closed && rootSecret != null) {
            startRejoin(false);
        }
    }

    /** Stored requests and routes go: a node with no way up to the server answers no one. */
    private void forgetRequests(String reason) {
        for (StoredRequests.Stored s : stored.takeAll()) {
            report(s.request(), Decision.DROP, s.slot(), reason, true);
        }
        routes.clear();
    }

    private void startRejoin(boolean orphanOfRoot) {
        rejoin = new Rejoin(now(), orphanOfRoot);
        scheduleRejoin();
    }

    private void stopRejoin() {
        if (rejoin != null && rejoin.next != null) {
            rejoin.next.cancel();
        }
        rejoin = null;
    }

    /**
     * The next attempt, after a backoff that doubles from {@link #REJOIN_FIRST_MS} up to
     * {@link #REJOIN_MAX_MS}, with jitter so that the orphans of one loss spread out. A root tries
     * its socket again; a standby tries the root socket first when it lost the root, else after a
     * failed join; a root attempt that finds the socket taken is followed by a join.
     */
    private void scheduleRejoin() {
        Rejoin r = rejoin;
        int attempt = ++r.attempts;
        boolean asRoot = nextAsRoot(r, attempt);
        long base;
        if (attempt == 1) {
            base = asRoot ? 100 : r.orphanOfRoot && standbySecret == null ? ROOT_ORPHAN_FIRST_MS : REJOIN_FIRST_MS;
        } else {
            base = Math.min(REJOIN_MAX_MS, REJOIN_FIRST_MS << Math.min(attempt - 2, 10));
        }
        long delay = base / 2 + random.nextInt((int) (base / 2) + 1);
        r.lastAsRoot = asRoot;
        emit(new NodeEvent.Rejoining(attempt, delay, asRoot));
        r.next = scheduler.schedule(delay, () -> attemptRejoin(r, asRoot));
    }

    private boolean nextAsRoot(Rejoin r, int attempt) {
        if (rootSecret != null) {
            return !(r.refused && r.lastAsRoot);
        }
        if (standbySecret == null) {
            return false;
        }
        if (attempt == 1) {
            return r.orphanOfRoot;
        }
        return !r.lastAsRoot;
    }

    private void attemptRejoin(Rejoin r, boolean asRoot) {
        if (closed || rejoin != r || parent != null || root != null || joining != null) {
            return;
        }
        r.refused = false;
        if (asRoot) {
            openRootSocket(rootSecret != null ? rootSecret : standbySecret);
        } else {
            startJoin();
        }
    }

    /** A parent or the root socket again: the repair is over. */
    private void rejoined(boolean asRoot) {
        Rejoin r = rejoin;
        if (r == null) {
            return;
        }
        stopRejoin();
        if (asRoot && rootSecret == null) {
            rootSecret = standbySecret; // a standby that took over keeps the root from now on
        }
        emit(new NodeEvent.Rejoined(now() - r.since, r.attempts, asRoot));
    }

    /** If this node's depth changed, its children that speak Genet hear it in a new hello. */
    private void depthChanged(int before) {
        if (depth() == before) {
            return;
        }
        for (Channel child : children.values()) {
            sendExtension(child, hello());
        }
        emit(new NodeEvent.PositionChange(depth(), isAttached()));
    }

    /** Every quarter of the bound: a keepalive to each neighbour that takes them; silent ones go. */
    private void armKeepalive() {
        if (keepaliveTimer != null || closed || !hasGenetNeighbour()) {
            return;
        }
        keepaliveTimer = scheduler.schedule(Math.max(1, keepaliveBoundMs / 4), () -> {
            keepaliveTimer = null;
            keepaliveTick();
            armKeepalive();
        });
    }

    private boolean hasGenetNeighbour() {
        if (!extensions) {
            return false;
        }
        if (parent != null && parent.genet) {
            return true;
        }
        for (Channel child : children.values()) {
            if (child.genet) {
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts a neighbour silent past the bound; sends a keepalive to each other one that this node
     * has sent nothing for half a tick (any frame shows the neighbour this node is alive, so a
     * link that carries reports or requests needs no keepalive: the longest silence this node
     * leaves is a tick and a half, three eighths of the bound).
     */
    private void keepaliveTick() {
        long now = now();
        long quiet = Math.max(1, keepaliveBoundMs / 8);
        if (parent != null && parent.genet) {
            if (now - parent.lastHeard() > keepaliveBoundMs) {
                parentLost(parent, "no keepalive within " + keepaliveBoundMs + " ms");
            } else if (now - parent.lastSent() >= quiet) {
                sendKeepalive(parent);
            }
        }
        for (Channel child : List.copyOf(children.values())) {
            if (!child.genet) {
                continue;
            }
            if (now - child.lastHeard() > keepaliveBoundMs) {
                removeChild(child, "no keepalive within " + keepaliveBoundMs + " ms");
            } else if (now - child.lastSent() >= quiet) {
                sendKeepalive(child);
            }
        }
    }

    /**
     * A keepalive written as this node writes them, from a neighbour that speaks Genet: heard,
     * with nothing to parse (it is most of the frames a tree carries when it is quiet). Any other
     * spelling takes the general path, with the same effect.
     */
    private boolean isKeepalive(Channel channel, String text) {
        if (extensions && channel.genet && text.equals(KEEPALIVE_FRAME)
                && extensionHandlers.get(Extensions.KEEPALIVE) == KEEPALIVE_HEARD) {
            channel.heard(now());
            return true;
        }
        return false;
    }

    private void sendKeepalive(Channel channel) {
        if (extensions) {
            channel.transmit(KEEPALIVE_FRAME);
        }
    }

    // ---- events from the network ----------------------------------------------------------

    private final class RootListener implements RootSocket.Listener {
        RootSocket socket;

        @Override
        public void onOpen() {
            if (!closed && root == socket) {
                int before = depth();
                rootOpen = true;
                emit(new NodeEvent.RootOpen());
                depthChanged(before);
                rejoined(true);
            }
        }

        @Override
        public void onMessage(String text) {
            if (closed || root != socket) { // a socket this node lost: no request of it is acted on
                return;
            }
            try {
                JoinRequest request = Wire.parseRootMessage(text);
                if (request != null) {
                    handleJoinRequest(request, now() + requestTimeoutMs, false);
                }
            } catch (WireException e) {
                dropMessage(null, e.getMessage());
            }
        }

        @Override
        public void onJoinRequest(JoinRequest request) {
            if (!closed && root == socket) {
                handleJoinRequest(request, now() + requestTimeoutMs, false);
            }
        }

        @Override
        public void onClose(String reason) {
            lost(reason, false);
        }

        @Override
        public void onRefused(String reason) {
            lost(reason, true);
        }

        private void lost(String reason, boolean refused) {
            if (closed || root == null || root != socket) {
                return;
            }
            int before = depth();
            boolean wasOpen = rootOpen;
            root = null;
            rootOpen = false;
            emit(new NodeEvent.RootClose(reason));
            if (rejoin != null) {
                rejoin.refused = refused;
                scheduleRejoin();
            } else if (wasOpen) {
                rootLost(before);
            } else {
                rootSecret = null; // refused or unreachable from the start: the caller decides
            }
        }
    }

    private final class ParentListener implements PeerLink.Listener {
        private final JoinAttempt attempt;
        private Channel channel;

        ParentListener(JoinAttempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onOpen() {
            if (joining != attempt) {
                attempt.link.close();
                return;
            }
            joining = null;
            attempt.timeout.cancel();
            channel = new Channel(Node.this, attempt.link, null, -1);
            channel.heard(now());
            parent = channel;
            emit(new NodeEvent.ParentConnect(channel));
            rejoined(false);
        }

        @Override
        public void onMessage(String text) {
            if (channel == null || parent != channel) {
                return;
            }
            if (isKeepalive(channel, text)) {
                return;
            }
            if (text.length() > MAX_FRAME_CHARS) {
                cutOff(channel, "a frame over " + MAX_FRAME_CHARS + " characters");
                return;
            }
            ChannelMessage message;
            try {
                message = Wire.parseChannelFrame(text);
            } catch (WireException e) {
                dropMessage(channel, e.getMessage());
                return;
            }
            channel.heard(now());
            if (message instanceof JoinRequest request) {
                requestFromParent(channel, request);
            } else {
                JsonNode data = ((ChannelMessage.Data) message).data();
                if (!fromParent(channel, data)) {
                    emit(new NodeEvent.Data(data, channel, true));
                }
            }
        }

        @Override
        public void onJoinRequest(JoinRequest request) {
            if (channel != null && parent == channel) {
                channel.heard(now());
                requestFromParent(channel, request);
            }
        }

        @Override
        public void onCandidatePair(CandidatePair pair) {
            if (channel != null && parent == channel) {
                linked(channel, pair);
            }
        }

        @Override
        public void onClose() {
            ended(null);
        }

        @Override
        public void onError(String reason) {
            ended(reason);
        }

        private void ended(String error) {
            if (joining == attempt) {
                failJoin(attempt, error == null ? "connection closed before it opened" : error);
            } else if (channel != null && parent == channel) {
                parentLost(channel, error);
            }
        }
    }

    private final class ChildListener implements PeerLink.Listener {
        private final Candidate candidate;
        private Channel channel;

        ChildListener(Candidate candidate) {
            this.candidate = candidate;
        }

        @Override
        public void onOpen() {
            if (channel != null) {
                return;
            }
            if (candidates.get(candidate.origin()) != candidate) {
                candidate.link.close(); // expired or closed meanwhile
                return;
            }
            channel = promote(candidate);
        }

        @Override
        public void onMessage(String text) {
            if (channel == null || children.get(channel.slot()) != channel) {
                return;
            }
            // a child that breaks the protocol is closed: it may be hostile, and is at best broken
            if (text.length() > MAX_FRAME_CHARS) {
                closeChild(channel, "a frame over " + MAX_FRAME_CHARS + " characters");
                return;
            }
            if (isKeepalive(channel, text)) {
                return;
            }
            try {
                ChannelMessage message = Wire.parseChannelFrame(text);
                channel.heard(now());
                if (message instanceof JoinRequest) {
                    closeChild(channel, "a join request from a child: requests only travel down the tree");
                } else {
                    JsonNode data = ((ChannelMessage.Data) message).data();
                    if (!fromChild(channel, data, text.length())) {
                        emit(new NodeEvent.Data(data, channel, false));
                    }
                }
            } catch (WireException e) {
                closeChild(channel, e.getMessage());
            }
        }

        @Override
        public void onCandidatePair(CandidatePair pair) {
            if (channel != null && children.get(channel.slot()) == channel) {
                linked(channel, pair);
            }
        }

        @Override
        public void onClose() {
            ended(null);
        }

        @Override
        public void onError(String reason) {
            ended(reason);
        }

        private void ended(String error) {
            if (channel != null) {
                removeChild(channel, error);
            } else {
                dropCandidate(candidate, error == null ? "connection closed before it opened" : error);
            }
        }
    }

    /** A neighbour's connection says how it got through: kept, told, and (for the parent) reported up as our link. */
    private void linked(Channel channel, CandidatePair pair) {
        channel.candidatePair = pair;
        emit(new NodeEvent.Link(channel, pair));
    }

    // ---- extensions: hello, reports, ping (docs/EXTENSIONS.md) ----------------------------------

    /** Consumes an extension payload from the parent; false if {@code data} is the application's. */
    private boolean fromParent(Channel channel, JsonNode data) {
        String kind = extensions ? Extensions.kindOf(data) : null;
        if (kind == null) {
            return false;
        }
        if (Extensions.HELLO.equals(kind)) {
            // The parent's hello is what tells us it speaks Genet.
            boolean first = !channel.genet;
            int depthBefore = depth();
            channel.genet = true;
            readHello(channel, data);
            if (id.equals(channel.nodeId)) {
                channel.nodeId = null; // a parent that says it is this node is not named so
            }
            if (first) {
                channel.transmit(Wire.dataFrame(hello()));
                sentToParent = null;
                ping(channel);
            }
            if (first) {
                armKeepalive();
            }
            depthChanged(depthBefore);
            emit(new NodeEvent.Hello(channel));
            return true;
        }
        if (!channel.genet) {
            return false; // not known to speak Genet: such a payload is its application's
        }
        if (Extensions.PONG.equals(kind)) {
            if (data.path("n").asInt(-1) == pingSeq && pingSentAt != 0) {
                // Smoothed as TCP smooths its round trip time (7/8 of the old, 1/8 of the sample),
                // and reported only when it moved by 1 ms and 25 %: jitter alone is not news.
                double sample = (scheduler.nanoTime() - pingSentAt) / 1e6;
                pingSentAt = 0;
                smoothedRttMs = Double.isNaN(smoothedRttMs) ? sample : smoothedRttMs + (sample - smoothedRttMs) / 8;
                double rtt = Math.round(smoothedRttMs * 10) / 10.0;
                if (Double.isNaN(parentRttMs) || Math.abs(rtt - parentRttMs) >= Math.max(1, parentRttMs / 4)) {
                    parentRttMs = rtt;
                    markDirty();
                }
            }
        } else {
            extension(channel, kind, data);
        }
        return true;
    }

    /** Consumes an extension payload from a child; false if {@code data} is the application's. */
    private boolean fromChild(Channel channel, JsonNode data, int bytes) {
        String kind = extensions && channel.genet ? Extensions.kindOf(data) : null;
        if (kind == null) {
            return false;
        }
        switch (kind) {
            case Extensions.HELLO -> {
                readHello(channel, data);
                if (id.equals(channel.nodeId)) {
                    channel.nodeId = null; // not named as this node, even in the line that closes it
                    cutOff(channel, "its hello says it is this node (" + id + ")");
                    return true;
                }
                markDirty();
                emit(new NodeEvent.Hello(channel));
            }
            case Extensions.REPORT -> {
                reportBytesReceived += bytes;
                if (!withinExtensionBytes(channel, bytes)) {
                    return true;
                }
                String top = data.path("top").asText("");
                if (channel.nodeId != null && !channel.nodeId.equals(top)) {
                    cutOff(channel, "a report whose top is not the child itself");
                    return true;
                }
                if (channel.reported == null) {
                    channel.reported = new Subtree();
                }
                try {
                    Reports.Applied applied = Reports.apply(channel.reported, data, bounds);
                    if (applied.overBound() != null) {
                        cutOff(channel, applied.overBound());
                        return true;
                    }
                    if (applied.dropped() > 0) {
                        log.debug("node {}: dropped {} nodes of a report from {}: {}", id, applied.dropped(), channel,
                                NetText.clean(applied.reason()));
                    }
                    markDirty();
                } catch (WireException e) {
                    dropMessage(channel, e.getMessage());
                }
            }
            case JoinRecords.KIND -> {
                if (withinExtensionBytes(channel, bytes)) {
                    extension(channel, kind, data);
                }
            }
            case Extensions.PING -> {
                ObjectNode pong = Extensions.payload(Extensions.PONG);
                pong.set("n", data.path("n"));
                sendExtension(channel, pong);
            }
            default -> extension(channel, kind, data);
        }
        return true;
    }

    /** Reports and join records of one child, within the bytes a child may send a second; else it is closed. */
    private boolean withinExtensionBytes(Channel channel, int bytes) {
        if (channel.rate.take(now(), bytes, bounds.extensionBytesPerSecond(), bounds.extensionBytesBurst())) {
            return true;
        }
        cutOff(channel, "over " + bounds.extensionBytesPerSecond() + " bytes of reports and join records a second");
        return false;
    }

    private void extension(Channel channel, String kind, JsonNode data) {
        BiConsumer<Channel, JsonNode> handler = extensionHandlers.get(kind);
        if (handler == null) {
            log.debug("node {}: no handler for the extension {} from {}", id, kind, channel);
            return;
        }
        try {
            handler.accept(channel, data);
        } catch (RuntimeException e) {
            log.error("node {}: the {} extension handler failed", id, kind, e);
        }
    }

    /** Our hello: who we are, for the neighbour's view of us. */
    private ObjectNode hello() {
        ObjectNode hello = Extensions.payload(Extensions.HELLO);
        hello.put("id", id);
        if (name != null) {
            hello.put("name", name);
        }
        hello.put("impl", impl);
        hello.put("maxDegree", maxDegree);
        hello.put("depth", depth());
        return hello;
    }

    /**
     * What a neighbour says of itself, as it may be shown: its id only if it is one (printable, 1
     * to 24 characters), its name and implementation cleaned and cut, its depth at most
     * {@link NodeBounds#maxDepth()}.
     */
    private void readHello(Channel channel, JsonNode hello) {
        JsonNode id = hello.path("id");
        if (id.isTextual() && Reports.isId(id.asText())) {
            channel.nodeId = id.asText();
        }
        JsonNode name = hello.path("name");
        String n = name.isTextual() ? name.asText().strip() : "";
        channel.name = n.isEmpty() ? null : NetText.clean(n, Reports.MAX_NAME_LENGTH);
        JsonNode impl = hello.path("impl");
        channel.impl = impl.isTextual() ? NetText.clean(impl.asText(), 16) : null;
        channel.maxDegree = hello.path("maxDegree").canConvertToInt() ? hello.path("maxDegree").asInt() : -1;
        channel.depth = hello.path("depth").canConvertToInt()
                ? Math.min(bounds.maxDepth(), Math.max(-1, hello.path("depth").asInt())) : -1;
    }

    /** Tells the neighbours that speak Genet what changed in our hello (name, impl, maxDegree). */
    private void helloNeighbours() {
        if (parent != null) {
            sendExtension(parent, hello());
        }
        for (Channel child : children.values()) {
            sendExtension(child, hello());
        }
    }

    private void ping(Channel channel) {
        if (parent != channel || closed) {
            return;
        }
        pingSeq++;
        pingSentAt = scheduler.nanoTime();
        ObjectNode ping = Extensions.payload(Extensions.PING);
        ping.put("n", pingSeq);
        sendExtension(channel, ping);
        pingTimer = scheduler.schedule(PING_INTERVAL_MS, () -> ping(channel));
    }

    private void stopPings() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
        pingSentAt = 0;
    }

    private void parentGone() {
        stopPings();
        parentRttMs = Double.NaN;
        smoothedRttMs = Double.NaN;
        sentToParent = null;
    }

    /** Something the tree shows changed: rebuild it and report, once the report delay has passed. */
    private void markDirty() {
        if (closed || reportTimer != null || !tracksTopology) {
            return;
        }
        reportTimer = scheduler.schedule(reportDelayMs, this::rebuildAndReport);
    }

    private void rebuildAndReport() {
        reportTimer = null;
        if (closed) {
            return;
        }
        TreeSnapshot now = buildTopology();
        if (!now.equals(topology)) {
            topology = now;
            emit(new NodeEvent.TopologyChange(now));
        }
        if (parent != null && parent.genet && extensions) {
            for (ObjectNode payload : Reports.payloads(sentToParent, now, reportSeq)) {
                String frame = Wire.dataFrame(payload);
                reportSeq++;
                reportBytesSent += frame.length();
                parent.transmit(frame);
            }
            sentToParent = now.nodes();
        }
    }

    private TreeSnapshot buildTopology() {
        if (children.isEmpty() && candidates.isEmpty() && stored.size() == 0) { // a leaf: only itself
            return new TreeSnapshot(id, Map.of(id, new NodeInfo(id, name, impl, maxDegree, Math.max(0, depth()), null,
                    -1, Collections.emptySortedMap(), List.of(), Collections.emptySortedMap(), parentRttMs, extensions,
                    parentLink())));
        }
        List<String> pending = candidates.keySet().stream().map(EventText::short6).toList();
        NodeInfo self = new NodeInfo(id, name, impl, maxDegree, -1, null, -1, Collections.emptySortedMap(), pending,
                stored.countBySlot(), parentRttMs, extensions, parentLink());
        SortedMap<Integer, Subtree> below = new TreeMap<>();
        for (Channel child : children.values()) {
            below.put(child.slot(), child.genet && child.reported != null && child.reported.top != null
                    ? child.reported : Subtree.single(placeholder(child)));
        }
        return Reports.aggregate(self, Math.max(0, depth()), below);
    }

    /** A child that has not reported: an original node, or one of ours before its first report. */
    private static NodeInfo placeholder(Channel child) {
        String nodeId = child.nodeId != null ? child.nodeId : EventText.short6(child.id());
        String impl = !child.genet ? "original" : child.impl != null ? child.impl : "unknown";
        return new NodeInfo(nodeId, child.name, impl, child.maxDegree, -1, null, -1, Collections.emptySortedMap(),
                List.of(), Collections.emptySortedMap(), Double.NaN, false,
                child.candidatePair == null ? null : child.candidatePair.link());
    }

    /** How this node's connection to its parent got through, as reports carry it; null if unknown or none. */
    private String parentLink() {
        return parent == null || parent.candidatePair == null ? null : parent.candidatePair.link();
    }

    // ---- helpers --------------------------------------------------------------------------

    private long now() {
        return scheduler.now();
    }

    /**
     * The node is confined to its scheduler's thread: its entry points check it with assertions
     * on (as in tests), as Netty's channels check their event loop.
     */
    boolean inLoop() {
        if (!scheduler.inLoop()) {
            throw new AssertionError("node " + id + " used off its loop, on thread " + Thread.currentThread().getName());
        }
        return true;
    }

    private void checkIdle(String what) {
        if (closed) {
            throw new IllegalStateException("cannot " + what + ": the node is closed");
        }
        if (root != null || joining != null || parent != null) {
            throw new IllegalStateException("cannot " + what + ": the node is already "
                    + (root != null ? "the root" : joining != null ? "joining" : "joined"));
        }
    }

    private static int checkMaxDegree(int maxDegree) {
        if (maxDegree < 1) {
            throw new IllegalArgumentException("maxDegree must be at least 1, not " + maxDegree);
        }
        return maxDegree;
    }

    /** A child broke the protocol: its frame is dropped and reported, and the child closed. */
    private void closeChild(Channel child, String reason) {
        emit(new NodeEvent.MessageDrop(child, NetText.clean(reason)));
        cutOff(child, reason);
    }

    /**
     * A neighbour broke the protocol or passed a bound (NodeBounds): it is closed, and named once
     * in the log. A child's slot frees; a parent is lost for good and this node rejoins elsewhere.
     */
    private void cutOff(Channel channel, String why) {
        String reason = NetText.clean(why);
        if (channel.isParent() ? parent != channel : children.get(channel.slot()) != channel) {
            return;
        }
        log.warn("node {}: closed {}: {}", id, channel, reason);
        if (channel.isParent()) {
            parentLost(channel, "closed by this node: " + reason);
        } else {
            removeChild(channel, "closed by this node: " + reason);
        }
    }

    /** A join request from the parent, within the rate a parent may pass them on. */
    private void requestFromParent(Channel channel, JoinRequest request) {
        if (!channel.rate.take(now(), 1, bounds.parentRequestsPerSecond(), bounds.parentRequestBurst())) {
            cutOff(channel, "over " + bounds.parentRequestsPerSecond() + " join requests a second");
            return;
        }
        handleJoinRequest(request, now() + requestTimeoutMs, false);
    }

    /** Each frame dropped is an event (the commands print them, a few a second); the log has them at debug level. */
    private void dropMessage(Channel channel, String reason) {
        String cleaned = NetText.clean(reason);
        log.debug("node {}: dropped a frame from {}: {}", id, channel == null ? "the root socket" : channel, cleaned);
        emit(new NodeEvent.MessageDrop(channel, cleaned));
    }

    private void report(JoinRequest request, Decision decision, int slot, String reason, boolean replay) {
        if (!listeners.isEmpty()) {
            emit(new NodeEvent.JoinRequestHandled(request.origin(), request.signalKind(), decision, slot, reason, replay));
        }
    }

    private void emit(NodeEvent event) {
        assert inLoop();
        if (!(event instanceof NodeEvent.Data || event instanceof NodeEvent.TopologyChange
                || event instanceof NodeEvent.JoinRequestHandled || event instanceof NodeEvent.MessageDrop)) {
            markDirty();
        }
        for (Consumer<NodeEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.error("node {}: a listener failed on {}", id, event.kind(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Node(" + id + ")";
    }
}
