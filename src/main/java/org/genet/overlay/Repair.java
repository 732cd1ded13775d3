package org.genet.overlay;

/**
 * Self-repair of a {@link Node} (defects 5 and 6 of PROTOCOL.md section 7). When its parent
 * closes, fails, or stays silent past the keepalive bound ({@link Liveness}), a node rejoins
 * through the bootstrap server with its children still attached, after a backoff that doubles
 * (with jitter) until it has a parent again. A root that loses its socket to the server keeps its
 * tree and opens the socket again the same way. A node given a standby secret takes the root
 * socket itself when the root is gone. {@link Node#setRepair(boolean) setRepair(false)} gives the
 * original's behaviour: an orphan stays an orphan. Part of the node, on its scheduler's thread,
 * with no I/O of its own: it asks the node to join or to open the root socket.
 *
 * <p><b>A node never ends up below its own descendant.</b> A node's subtree hangs from the tree
 * only through the node itself. The rules that keep it so:
 * <ol>
 *   <li>A node takes join requests only from its current parent and, as the root, from the root
 *       socket (the node's listeners). A node without a parent therefore receives none: it cannot
 *       answer its own request, and neither can any node of its subtree, because requests reach a
 *       subtree only through its top.</li>
 *   <li>A node that loses its parent closes that channel for good and never reads it again
 *       ({@link Node#parentLost}). A frozen link where the old parent still lists it as a child
 *       (and may forward it requests, even its own) thus delivers nothing: the request is lost,
 *       the join attempt times out and the next one, with a new origin, is routed afresh.</li>
 *   <li>A node that loses its parent (or its root socket) drops the join requests it stored and
 *       its routes ({@link #parentLost}, {@link #rootLost}), so it makes no candidate from a
 *       request received before the cut. Candidates it already answers stay: their joiners asked
 *       before the cut and have, until they connect, no parent and so no way to be above this
 *       node.</li>
 *   <li>Its descendants are told: its depth becomes unknown (-1), and the {@code hello} that says
 *       so goes down the subtree ({@link Hellos#depthChanged}), so every node knows whether it has
 *       a way up to the root.</li>
 *   <li>Only a node without a parent may take the root socket, a standby only then
 *       ({@link #attemptRejoin}): a descendant that became the root would receive its own
 *       ancestor's request.</li>
 * </ol>
 * Two cut-off subtrees cannot take each other either: each request is made after its node lost
 * its parent, and reaches only nodes that have a way up to the root at that moment.
 */
final class Repair {
    private final Node node;
    private boolean repair = true;
    private String standbySecret;
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

    Repair(Node node) {
        this.node = node;
    }

    /** See {@link Node#setRepair(boolean)}. */
    void setRepair(boolean repair) {
        this.repair = repair;
        if (!repair && rejoin != null) {
            stopRejoin();
        }
    }

    boolean repair() {
        return repair;
    }

    void setStandby(String secret) {
        this.standbySecret = secret;
    }

    String standby() {
        return standbySecret;
    }

    /** The node becomes the root with {@code secret}: it opens the socket again with it when it loses it. */
    void becomeRoot(String secret) {
        rootSecret = secret;
    }

    boolean isRejoining() {
        return rejoin != null;
    }

    /** The parent is gone (the node already closed its channel, rule 2): rules 3 and 4, then rejoin. */
    void parentLost(int depthBefore) {
        boolean orphanOfRoot = depthBefore == 1;
        node.pings.parentGone();
        node.topologyReports.parentGone();
        node.hellos.depthChanged(depthBefore);
        node.forgetRequests("this node lost its parent; its joiner tries again");
        if (repair && !node.isClosed()) {
            startRejoin(orphanOfRoot);
        }
    }

    /**
     * The root socket closed ({@code refused}: it was refused). While rejoining, the next attempt;
     * else, if it was open, the root lost its socket and opens it again; else (refused or
     * unreachable from the start) the caller decides.
     */
    void rootSocketLost(int depthBefore, boolean wasOpen, boolean refused) {
        if (rejoin != null) {
            rejoin.refused = refused;
            scheduleRejoin();
        } else if (wasOpen) {
            rootLost(depthBefore);
        } else {
            rootSecret = null; // refused or unreachable from the start: the caller decides
        }
    }

    /** The root lost its socket to the server: its tree stays, it opens the socket again. */
    private void rootLost(int before) {
        node.hellos.depthChanged(before);
        node.forgetRequests("the root lost its socket; its joiner tries again");
        if (repair && !node.isClosed() && rootSecret != null) {
            startRejoin(false);
        }
    }

    /** A join attempt failed: if it was a rejoin, the next one. */
    void joinFailed() {
        if (rejoin != null && !node.isClosed()) {
            scheduleRejoin();
        }
    }

    private void startRejoin(boolean orphanOfRoot) {
        rejoin = new Rejoin(node.now(), orphanOfRoot);
        scheduleRejoin();
    }

    void stopRejoin() {
        if (rejoin != null && rejoin.next != null) {
            rejoin.next.cancel();
        }
        rejoin = null;
    }

    /**
     * The next attempt, after a backoff that doubles from {@link Node#REJOIN_FIRST_MS} up to
     * {@link Node#REJOIN_MAX_MS}, with jitter so that the orphans of one loss spread out. A root
     * tries its socket again; a standby tries the root socket first when it lost the root, else
     * after a failed join; a root attempt that finds the socket taken is followed by a join.
     */
    private void scheduleRejoin() {
        Rejoin r = rejoin;
        int attempt = ++r.attempts;
        boolean asRoot = nextAsRoot(r, attempt);
        long base;
        if (attempt == 1) {
            base = asRoot ? 100 : r.orphanOfRoot && standbySecret == null ? Node.ROOT_ORPHAN_FIRST_MS : Node.REJOIN_FIRST_MS;
        } else {
            base = Math.min(Node.REJOIN_MAX_MS, Node.REJOIN_FIRST_MS << Math.min(attempt - 2, 10));
        }
        long delay = base / 2 + node.random().nextInt((int) (base / 2) + 1);
        r.lastAsRoot = asRoot;
        node.emit(new NodeEvent.Rejoining(attempt, delay, asRoot));
        r.next = node.scheduler().schedule(delay, () -> attemptRejoin(r, asRoot));
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

    /** Rule 5: only a node with neither parent, nor root socket, nor join under way tries. */
    private void attemptRejoin(Rejoin r, boolean asRoot) {
        if (node.isClosed() || rejoin != r || !node.isIdle()) {
            return;
        }
        r.refused = false;
        if (asRoot) {
            node.openRootSocket(rootSecret != null ? rootSecret : standbySecret);
        } else {
            node.startJoin();
        }
    }

    /** A parent or the root socket again: the repair is over. */
    void rejoined(boolean asRoot) {
        Rejoin r = rejoin;
        if (r == null) {
            return;
        }
        stopRejoin();
        if (asRoot && rootSecret == null) {
            rootSecret = standbySecret; // a standby that took over keeps the root from now on
        }
        node.emit(new NodeEvent.Rejoined(node.now() - r.since, r.attempts, asRoot));
    }
}
