package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the Genet tree: the join algorithm of PROTOCOL.md section 5, with no I/O of its own.
 * It reaches the bootstrap server and its peers through a {@link Network} and keeps time through a
 * {@link Scheduler}; it is confined to that scheduler's thread. Read top to bottom, this file
 * follows section 5: the commands (become root, join, maxDegree), a join request (to a candidate,
 * a new candidate, or delegated by hash to a child's slot, else stored), candidates becoming
 * children, stored requests handled again, and the request timeout.
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
 *   <li>it repairs the tree (defects 5 and 6), and never ends up below its own descendant: see
 *       {@link Repair}.</li>
 * </ol>
 *
 * <p>Beside the join algorithm, collaborators of their own, on the same thread and with no I/O
 * either, each with the invariants it keeps: {@link Liveness} (keepalives: which neighbours are
 * still there), {@link Repair} (rejoining after a loss), and Genet's extensions
 * (docs/EXTENSIONS.md), spoken only with the neighbours known to speak them:
 * {@link ExtensionDispatch} (which payloads are extensions, and who takes each), {@link Hellos},
 * {@link TopologyReports} (the tree it knows is {@link #topology()}) and {@link ParentPing}.
 * Extension payloads are consumed there; applications' {@code data} events never see them.
 */
public final class Node {
    public static final int DEFAULT_MAX_DEGREE = 10;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /**
     * How long a Genet neighbour may stay silent before it is taken for dead. Long: a frozen
     * process or a dead network is seen by WebRTC's own checks (the link stalls, the neighbour is
     * cut at once); keepalives are left to catch a node whose loop hangs while its WebRTC lives,
     * and at this bound they cost one frame per link where nothing else was sent for 15 s.
     */
    public static final long DEFAULT_KEEPALIVE_BOUND_MS = 120_000;
    /** The first wait before trying to rejoin, and the longest one the backoff reaches. */
    public static final long REJOIN_FIRST_MS = 250;
    public static final long REJOIN_MAX_MS = 8_000;
    /** An orphan of the root waits this long first, so that a standby can take the root socket. */
    public static final long ROOT_ORPHAN_FIRST_MS = 1_000;
    /** How long a change waits for others before the tree is rebuilt and reported (at most one report per delay). */
    public static final long DEFAULT_REPORT_DELAY_MS = 250;
    /**
     * How often a child measures the round trip time to its parent when someone looks at it (the
     * app's RTT labels); a node pings only when asked ({@link #setPingIntervalMs}).
     */
    public static final long PING_INTERVAL_MS = 10_000;
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
    /** The slot a stored request being handled again waited in, else -1. */
    private int replayingSlot = -1;

    private String name;
    private String impl = "java";

    // The collaborators, each on this node's thread.
    final Liveness liveness = new Liveness(this);
    final Repair repair = new Repair(this);
    final ExtensionDispatch extensions = new ExtensionDispatch(this);
    final Hellos hellos = new Hellos(this);
    final TopologyReports topologyReports = new TopologyReports(this);
    final ParentPing pings = new ParentPing(this);

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
        this.maxDegree = checkMaxDegree(maxDegree);
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be positive");
        }
        this.requestTimeoutMs = requestTimeoutMs;
        topologyReports.start();
    }

    // ---- commands -------------------------------------------------------------------------

    /** Becomes the root: every join request enters the tree here, through the server's root socket. */
    public void becomeRoot(String secret) {
        assert inLoop();
        checkIdle("become root");
        repair.becomeRoot(Objects.requireNonNull(secret));
        openRootSocket(secret);
    }

    /** Joins the tree; reports {@code parent-connect}, or {@code join-fail} after the request timeout. */
    public void join() {
        assert inLoop();
        checkIdle("join");
        startJoin();
    }

    void openRootSocket(String secret) {
        RootListener listener = new RootListener();
        root = network.openRoot(secret, listener);
        listener.socket = root;
    }

    void startJoin() {
        JoinAttempt attempt = new JoinAttempt();
        joining = attempt;
        attempt.timeout = scheduler.schedule(requestTimeoutMs,
                () -> failJoin(attempt, "no parent connected within " + requestTimeoutMs + " ms"));
        attempt.link = network.join(new ParentListener(attempt));
        emit(new NodeEvent.JoinStart());
    }

    /**
     * Changes maxDegree at once. Lowering it never drops a child or a candidate: the node only
     * stops taking new candidates until it is under the new bound.
     */
    public void setMaxDegree(int maxDegree) {
        assert inLoop();
        this.maxDegree = checkMaxDegree(maxDegree);
        emit(new NodeEvent.MaxDegreeChange(maxDegree));
        hellos.helloNeighbours();
        handleStoredAgain();
    }

    /** Closes the root socket, the parent, every child and every candidate. */
    public void close() {
        assert inLoop();
        if (closed) {
            return;
        }
        closed = true;
        repair.stopRejoin();
        liveness.stop();
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
        topologyReports.stop();
        pings.stopPings();
        emit(new NodeEvent.Close());
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

    /** The ends of the two reasons for a redirect, past the hash slot: read back by {@link JoinRecords} and {@link JoinPath}. */
    static final String SLOT_EMPTY = " is empty";
    static final String CHILD_SILENT = " is silent for ";

    /** Whether a delegation's reason says it went past the hash slot, and why: {@link #SLOT_EMPTY} or {@link #CHILD_SILENT}. */
    static boolean redirected(String reason) {
        return reason != null && (reason.endsWith(SLOT_EMPTY) || reason.contains(CHILD_SILENT));
    }

    private void delegate(JoinRequest request, long expiresAt, boolean replay) {
        int slot = Hash31.delegateSlot(request.origin(), id, maxDegree);
        Channel child = children.get(slot);
        String reason = null;
        Channel heard;
        if (child != null && liveness.seemsHung(child) && (heard = nextChild(slot, true)) != null) {
            // It would hold the request until its timeout: the next child heard from takes it. With
            // none heard, the slot's child keeps it, as before (stored, the request would outlive its
            // joiner's patience and be answered as a stale candidate that blocks the slot once cut).
            reason = "the child in slot " + slot + CHILD_SILENT + (now() - child.lastHeard()) + " ms";
            child = heard;
        } else if (child == null && candidates.isEmpty() && !children.isEmpty()) {
            // No candidate is coming to fill this slot: the next child heard from takes the request,
            // or with none heard, the next child, as before.
            reason = "slot " + slot + SLOT_EMPTY;
            child = nextChild(slot, true);
            if (child == null) {
                child = nextChild(slot, false);
            }
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

    /**
     * The first child from {@code slot} on, wrapping round; with {@code heardOnly}, the first that
     * does not seem hung. Null if there is none.
     */
    private Channel nextChild(int slot, boolean heardOnly) {
        for (Channel c : children.tailMap(slot, true).values()) {
            if (!heardOnly || !liveness.seemsHung(c)) {
                return c;
            }
        }
        for (Channel c : children.headMap(slot, false).values()) {
            if (!heardOnly || !liveness.seemsHung(c)) {
                return c;
            }
        }
        return null;
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
        topologyReports.markDirty();
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
        if (extensions.enabled() && candidate.link.remoteSpeaksGenet()) {
            child.genet = true;
            hellos.greet(child);
            liveness.armKeepalive();
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

    void removeChild(Channel child, String error) {
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
        repair.joinFailed();
    }

    // ---- losing the way up (what follows is Repair's) ---------------------------------------

    /** The parent is gone: it closed, failed, or stayed silent past the keepalive bound. */
    void parentLost(Channel lost, String error) {
        int depthBefore = depth();
        parent = null;
        lost.link.close(); // for good: nothing it sends is read any more (Repair's rule 2)
        emit(error == null ? new NodeEvent.ParentClose(lost) : new NodeEvent.ParentError(lost, error));
        repair.parentLost(depthBefore);
    }

    /** Stored requests and routes go: a node with no way up to the server answers no one (Repair's rule 3). */
    void forgetRequests(String reason) {
        for (StoredRequests.Stored s : stored.takeAll()) {
            report(s.request(), Decision.DROP, s.slot(), reason, true);
        }
        routes.clear();
    }

    // ---- events from the network (join requests only from the parent and the root socket: Repair's rule 1) ----

    private final class RootListener implements RootSocket.Listener {
        RootSocket socket;

        @Override
        public void onOpen() {
            if (!closed && root == socket) {
                int before = depth();
                rootOpen = true;
                emit(new NodeEvent.RootOpen());
                hellos.depthChanged(before);
                repair.rejoined(true);
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
            repair.rootSocketLost(before, wasOpen, refused);
        }
    }

    /** What the two ends of a tree channel hear alike: how their connection got through, and its end. */
    private abstract class ChannelListener implements PeerLink.Listener {
        /** The channel once the connection opened; null before. */
        Channel channel;

        /** Whether {@link #channel} is still this node's parent, or still a child in its slot. */
        abstract boolean current();

        /** The connection closed ({@code error} null) or failed. */
        abstract void ended(String error);

        @Override
        public void onCandidatePair(CandidatePair pair) {
            if (channel != null && current()) {
                linked(channel, pair);
            }
        }

        /** WebRTC saw the connection go silent (DISCONNECTED): {@link Liveness} cuts it at once. */
        @Override
        public void onStalled() {
            if (channel != null && current()) {
                liveness.stalled(channel);
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
    }

    private final class ParentListener extends ChannelListener {
        private final JoinAttempt attempt;

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
            repair.rejoined(false);
        }

        @Override
        public void onMessage(String text) {
            if (channel == null || parent != channel) {
                return;
            }
            if (liveness.isKeepalive(channel, text)) {
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
                if (!extensions.fromParent(channel, data)) {
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
        boolean current() {
            return parent == channel;
        }

        @Override
        void ended(String error) {
            if (joining == attempt) {
                failJoin(attempt, error == null ? "connection closed before it opened" : error);
            } else if (channel != null && parent == channel) {
                parentLost(channel, error);
            }
        }
    }

    private final class ChildListener extends ChannelListener {
        private final Candidate candidate;

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
            if (liveness.isKeepalive(channel, text)) {
                return;
            }
            try {
                ChannelMessage message = Wire.parseChannelFrame(text);
                channel.heard(now());
                if (message instanceof JoinRequest) {
                    closeChild(channel, "a join request from a child: requests only travel down the tree");
                } else {
                    JsonNode data = ((ChannelMessage.Data) message).data();
                    if (!extensions.fromChild(channel, data, text.length())) {
                        emit(new NodeEvent.Data(data, channel, false));
                    }
                }
            } catch (WireException e) {
                closeChild(channel, e.getMessage());
            }
        }

        @Override
        boolean current() {
            return children.get(channel.slot()) == channel;
        }

        @Override
        void ended(String error) {
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

    // ---- settings: the collaborators' (see their classes) and the node's own -----------------

    /**
     * Switches self-repair on (the default) or off. Off, a node that loses its parent stays
     * without one, and a root that loses its socket does not open it again, as in the original.
     */
    public void setRepair(boolean repair) {
        assert inLoop();
        this.repair.setRepair(repair);
    }

    public boolean repair() {
        return repair.repair();
    }

    /**
     * Makes this node a standby root: when it is left without a parent and the server has no
     * root (its parent was the root, or a rejoin failed), it takes the root socket with
     * {@code secret}, its subtree staying attached. Null: never.
     */
    public void setStandby(String secret) {
        assert inLoop();
        repair.setStandby(secret);
    }

    public String standby() {
        return repair.standby();
    }

    /**
     * How long a neighbour that takes keepalives may stay silent before this node drops it (its
     * parent: the node rejoins; a child: its slot frees). The bound is announced in this node's
     * hello, and its Genet neighbours send it keepalives at the rate it needs.
     */
    public void setKeepaliveBound(long ms) {
        assert inLoop();
        long before = liveness.keepaliveBound();
        liveness.setKeepaliveBound(ms);
        if (ms != before) {
            hellos.helloNeighbours(); // the neighbours send keepalives at the rate our bound needs
        }
    }

    public long keepaliveBound() {
        return liveness.keepaliveBound();
    }

    /**
     * How often this node measures the round trip time to its parent ({@code ping}), in ms; 0,
     * the default, sends no pings (a quiet link costs nothing for a time no one reads). The app
     * sets {@link #PING_INTERVAL_MS} for its RTT labels. The node answers its children's pings
     * whatever this is.
     */
    public void setPingIntervalMs(long ms) {
        assert inLoop();
        pings.setInterval(ms);
    }

    public long pingIntervalMs() {
        return pings.interval();
    }

    /** What neighbours can make this node hold, and how fast ({@link NodeBounds#DEFAULT} by default). */
    public void setBounds(NodeBounds bounds) {
        this.bounds = Objects.requireNonNull(bounds);
    }

    public NodeBounds bounds() {
        return bounds;
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
        hellos.helloNeighbours();
        topologyReports.markDirty();
    }

    /** What this node runs as, for the others' views: "java" (the default), "app", "browser". */
    public void setImpl(String impl) {
        assert inLoop();
        this.impl = Objects.requireNonNull(impl);
        hellos.helloNeighbours();
        topologyReports.markDirty();
    }

    /**
     * Whether this node speaks Genet's extensions (true by default). False makes it behave as an
     * original node does: no hello, no reports, every DATA payload goes to the application. For
     * tests and the simulator.
     */
    public void setExtensions(boolean extensions) {
        assert inLoop();
        this.extensions.setEnabled(extensions);
        topologyReports.extensionsChanged(extensions);
    }

    /**
     * Whether this node keeps its tree snapshot up to date ({@link #topology()}, the
     * {@code topology} event; true by default). Only a node that neither reports to a parent nor
     * has anyone reading its snapshot may switch it off: the simulator's join runs, where nodes
     * speak no extensions and the run's own figures come from the nodes' events.
     */
    public void setTracksTopology(boolean tracks) {
        assert inLoop();
        topologyReports.setTracksTopology(tracks);
    }

    /** How long changes gather before one report goes out ({@value #DEFAULT_REPORT_DELAY_MS} ms by default). */
    public void setReportDelayMs(long reportDelayMs) {
        topologyReports.setReportDelayMs(reportDelayMs);
    }

    /**
     * Handles extension payloads of {@code kind} from neighbours that speak Genet (another issue's
     * kinds, such as keepalives). The handler runs on the node's scheduler.
     */
    public void onExtension(String kind, BiConsumer<Channel, JsonNode> handler) {
        extensions.onExtension(kind, handler);
    }

    /**
     * Sends an extension payload ({@link Extensions#payload(String)}) to a neighbour, if it is
     * known to speak Genet. Returns whether it was sent.
     */
    public boolean sendExtension(Channel channel, ObjectNode payload) {
        assert inLoop();
        return extensions.sendExtension(channel, payload);
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
        return topologyReports.topology();
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
        return pings.parentRttMs();
    }

    /** Bytes of report payloads (their DATA frames) this node sent its parent. */
    public long reportBytesSent() {
        return topologyReports.reportBytesSent();
    }

    /** Bytes of report payloads (their DATA frames) this node received from its children. */
    public long reportBytesReceived() {
        return topologyReports.reportBytesReceived();
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
        return repair.isRejoining();
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

    /** The origins of the candidates, in the order they came. */
    Collection<String> candidateOrigins() {
        return Collections.unmodifiableCollection(candidates.keySet());
    }

    /** How many join requests are stored, in all slots. */
    int storedCount() {
        return stored.size();
    }

    /** Neither the root, nor joining, nor joined. */
    boolean isIdle() {
        return root == null && joining == null && parent == null;
    }

    // ---- helpers --------------------------------------------------------------------------

    long now() {
        return scheduler.now();
    }

    Random random() {
        return random;
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
    void cutOff(Channel channel, String why) {
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
    void dropMessage(Channel channel, String reason) {
        String cleaned = NetText.clean(reason);
        log.debug("node {}: dropped a frame from {}: {}", id, channel == null ? "the root socket" : channel, cleaned);
        emit(new NodeEvent.MessageDrop(channel, cleaned));
    }

    private void report(JoinRequest request, Decision decision, int slot, String reason, boolean replay) {
        if (!listeners.isEmpty()) {
            emit(new NodeEvent.JoinRequestHandled(request.origin(), request.signalKind(), decision, slot, reason, replay));
        }
    }

    void emit(NodeEvent event) {
        assert inLoop();
        if (!(event instanceof NodeEvent.Data || event instanceof NodeEvent.TopologyChange
                || event instanceof NodeEvent.JoinRequestHandled || event instanceof NodeEvent.MessageDrop)) {
            topologyReports.markDirty();
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
