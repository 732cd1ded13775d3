package org.genet.overlay;

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
import java.util.function.Consumer;
import org.genet.overlay.NodeEvent.Decision;
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
 *   <li>a connection that completes beyond maxDegree takes the next free slot instead of crashing.</li>
 * </ol>
 */
public final class Node {
    public static final int DEFAULT_MAX_DEGREE = 10;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    /**
     * Signals of one origin this node applies or forwards: an offer and its ICE candidates are a
     * few dozen; a joiner sending more is attacking whoever answers it, and is cut off.
     */
    public static final int MAX_SIGNALS_PER_ORIGIN = 100;
    /** The longest tree-channel frame read, in characters: the SCTP message limit of 256 KiB. */
    public static final int MAX_FRAME_CHARS = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Node.class);

    private final Network network;
    private final Scheduler scheduler;
    private final String id;
    private final long requestTimeoutMs;
    private final List<Consumer<NodeEvent>> listeners = new CopyOnWriteArrayList<>();

    private int maxDegree;
    private boolean closed;
    private RootSocket root;
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
        this.id = Hash31.newNodeId(random);
        this.maxDegree = checkMaxDegree(maxDegree);
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs must be positive");
        }
        this.requestTimeoutMs = requestTimeoutMs;
    }

    // ---- commands -------------------------------------------------------------------------

    /** Becomes the root: every join request enters the tree here, through the server's root socket. */
    public void becomeRoot(String secret) {
        checkIdle("become root");
        root = network.openRoot(secret, new RootListener());
    }

    /** Joins the tree; reports {@code parent-connect}, or {@code join-fail} after the request timeout. */
    public void join() {
        checkIdle("join");
        JoinAttempt attempt = new JoinAttempt();
        joining = attempt;
        attempt.timeout = scheduler.schedule(requestTimeoutMs,
                () -> failJoin(attempt, "no parent connected within " + requestTimeoutMs + " ms"));
        attempt.link = network.join(new ParentListener(attempt));
        emit(new NodeEvent.JoinStart());
    }

    /** Closes the root socket, the parent, every child and every candidate. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (root != null) {
            root.close();
            root = null;
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
        emit(new NodeEvent.Close());
    }

    /**
     * Changes maxDegree at once. Lowering it never drops a child or a candidate: the node only
     * stops taking new candidates until it is under the new bound.
     */
    public void setMaxDegree(int maxDegree) {
        this.maxDegree = checkMaxDegree(maxDegree);
        emit(new NodeEvent.MaxDegreeChange(maxDegree));
        handleStoredAgain();
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

    public boolean isRoot() {
        return root != null;
    }

    public boolean isJoining() {
        return joining != null;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The parent channel, or null. */
    public Channel parent() {
        return parent;
    }

    /** The children by slot. */
    public SortedMap<Integer, Channel> children() {
        return Collections.unmodifiableSortedMap(children);
    }

    public int childrenNb() {
        return children.size();
    }

    public List<Candidate> candidates() {
        return List.copyOf(candidates.values());
    }

    public int candidatesNb() {
        return candidates.size();
    }

    /** How many join requests wait in each slot. */
    public SortedMap<Integer, Integer> storedRequests() {
        return stored.countBySlot();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    // ---- the join algorithm -----------------------------------------------------------------

    private void handleJoinRequest(JoinRequest request, long expiresAt, boolean replay) {
        String origin = request.origin();
        Candidate candidate = candidates.get(origin);
        if (candidate != null) {
            if (++candidate.signals > MAX_SIGNALS_PER_ORIGIN) {
                report(request, Decision.DROP, -1, "over " + MAX_SIGNALS_PER_ORIGIN + " signals from one joiner", replay);
                log.warn("node {}: candidate {} sent over {} signals: given up", id, origin, MAX_SIGNALS_PER_ORIGIN);
                dropCandidate(candidate, "sent over " + MAX_SIGNALS_PER_ORIGIN + " signals");
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
            if (++route.signals > MAX_SIGNALS_PER_ORIGIN) {
                report(request, Decision.DROP, -1, "over " + MAX_SIGNALS_PER_ORIGIN + " signals from one joiner", replay);
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
        stored.add(request, slot, expiresAt);
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
        candidate.link = network.answer(candidate.origin(), new ChildListener(candidate));
        report(request, Decision.CANDIDATE, -1, null, replay);
        emit(new NodeEvent.CandidateCreate(candidate));
        candidate.link.signal(request.signal());
    }

    private void dropCandidate(Candidate candidate, String reason) {
        if (!candidates.remove(candidate.origin(), candidate)) {
            return;
        }
        candidate.expiry.cancel();
        candidate.link.close();
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
        children.put(slot, child);
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
        } else {
            handleJoinRequest(s.request(), s.expiresAt(), true);
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
            parent = null;
            channel.link.close();
            emit(new NodeEvent.ParentClose(channel));
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
    }

    // ---- events from the network ----------------------------------------------------------

    private final class RootListener implements RootSocket.Listener {
        @Override
        public void onOpen() {
            if (!closed) {
                emit(new NodeEvent.RootOpen());
            }
        }

        @Override
        public void onMessage(String text) {
            if (closed) {
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
        public void onClose(String reason) {
            if (closed || root == null) {
                return;
            }
            root = null;
            emit(new NodeEvent.RootClose(reason));
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
            parent = channel;
            emit(new NodeEvent.ParentConnect(channel));
        }

        @Override
        public void onMessage(String text) {
            if (channel == null || parent != channel) {
                return;
            }
            ChannelMessage message;
            try {
                message = Wire.parseChannelFrame(text);
            } catch (WireException e) {
                dropMessage(channel, e.getMessage());
                return;
            }
            if (message instanceof JoinRequest request) {
                handleJoinRequest(request, now() + requestTimeoutMs, false);
            } else {
                emit(new NodeEvent.Data(((ChannelMessage.Data) message).data(), channel, true));
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
                parent = null;
                emit(error == null ? new NodeEvent.ParentClose(channel) : new NodeEvent.ParentError(channel, error));
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
            try {
                ChannelMessage message = Wire.parseChannelFrame(text);
                if (message instanceof JoinRequest) {
                    closeChild(channel, "a join request from a child: requests only travel down the tree");
                } else {
                    emit(new NodeEvent.Data(((ChannelMessage.Data) message).data(), channel, false));
                }
            } catch (WireException e) {
                closeChild(channel, e.getMessage());
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

    // ---- helpers --------------------------------------------------------------------------

    private long now() {
        return scheduler.now();
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
        dropMessage(child, reason);
        removeChild(child, "closed by this node: " + reason);
    }

    private void dropMessage(Channel channel, String reason) {
        log.warn("node {}: dropped a frame from {}: {}", id, channel == null ? "the root socket" : channel, reason);
        emit(new NodeEvent.MessageDrop(channel, reason));
    }

    private void report(JoinRequest request, Decision decision, int slot, String reason, boolean replay) {
        if (!listeners.isEmpty()) {
            emit(new NodeEvent.JoinRequestHandled(request.origin(), request.signalKind(), decision, slot, reason, replay));
        }
    }

    private void emit(NodeEvent event) {
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
