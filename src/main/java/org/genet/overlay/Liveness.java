package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which neighbours of a {@link Node} are still there. A frozen process or a network gone closes
 * nothing: the transport's own checks see them (WebRTC's ICE consent freshness: the link tells
 * {@link PeerLink.Listener#onStalled}, and the neighbour is cut at once, whatever it speaks), and
 * keepalives see what those cannot, a neighbour whose loop hangs while its process and its WebRTC
 * live on (docs/EXTENSIONS.md). Part of the node, on
 * its scheduler's thread, with no I/O of its own: it sends through the node's channels and hands
 * what it finds to the node (a lost parent: {@link Repair} takes over; a lost child: its slot frees).
 *
 * <p>Invariants it keeps:
 * <ul>
 *   <li>Only a neighbour known to speak Genet, and only while the node speaks extensions, is sent
 *       keepalives and dropped for silence: a neighbour not known to speak Genet (an original
 *       node) is never sent one and never dropped for silence.</li>
 *   <li>A Genet neighbour heard from by no frame for longer than the bound is cut.</li>
 *   <li>Each node announces its own bound in its hello, and is sent keepalives at the rate that
 *       bound needs; a Genet neighbour that announced none is sent them as for the old default
 *       bound, {@link #UNANNOUNCED_BOUND_MS}, so an older build or page is never cut.</li>
 *   <li>Any frame shows a neighbour that this node is alive, so a keepalive goes only where this
 *       node sent nothing for an eighth of that neighbour's bound; with a tick every quarter of
 *       the shortest bound in play, the longest silence it leaves is three eighths of the
 *       neighbour's bound, four keepalives per bound at most.</li>
 *   <li>The timer runs only while the node is open and has a Genet neighbour.</li>
 * </ul>
 */
final class Liveness {
    /** What a keepalive does unless an application takes them: nothing beyond being heard. */
    static final BiConsumer<Channel, JsonNode> KEEPALIVE_HEARD = (channel, data) -> { };
    /** The keepalive frame, the same every time. */
    private static final String KEEPALIVE_FRAME = Wire.dataFrame(Extensions.payload(Extensions.KEEPALIVE));

    /**
     * The bound a Genet neighbour that announces none is taken to have: the default of the builds
     * (and of the browser page) from before bounds were announced.
     */
    static final long UNANNOUNCED_BOUND_MS = 4_000;
    /** The shortest announced bound believed: a neighbour cannot make this node send keepalives faster. */
    static final long MIN_ANNOUNCED_BOUND_MS = 100;

    private final Node node;
    private long keepaliveBoundMs = Node.DEFAULT_KEEPALIVE_BOUND_MS;
    private Scheduler.Cancellable keepaliveTimer;
    private long tickMs;

    Liveness(Node node) {
        this.node = node;
    }

    /** See {@link Node#setKeepaliveBound(long)}. */
    void setKeepaliveBound(long ms) {
        if (ms < 4) {
            throw new IllegalArgumentException("the keepalive bound must be at least 4 ms, not " + ms);
        }
        this.keepaliveBoundMs = ms;
        stop();
        armKeepalive();
    }

    long keepaliveBound() {
        return keepaliveBoundMs;
    }

    void stop() {
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel();
            keepaliveTimer = null;
        }
    }

    /** The bound a hello announces ({@code "keepalive"}), within what is believed; none: the old default. */
    static long announcedBound(JsonNode keepalive) {
        if (!keepalive.isIntegralNumber() || !keepalive.canConvertToLong()) {
            return UNANNOUNCED_BOUND_MS;
        }
        return Math.max(MIN_ANNOUNCED_BOUND_MS, keepalive.asLong());
    }

    /** A neighbour announced another bound: the timer ticks sooner if that one needs it. */
    void neighbourBoundChanged() {
        if (keepaliveTimer != null && tickMs() < tickMs) {
            stop();
        }
        armKeepalive();
    }

    /** A quarter of the shortest bound in play: this node's own, and each Genet neighbour's. */
    private long tickMs() {
        long shortest = keepaliveBoundMs;
        Channel parent = node.parent();
        if (parent != null && parent.genet) {
            shortest = Math.min(shortest, parent.keepaliveBoundMs);
        }
        for (Channel child : node.children().values()) {
            if (child.genet) {
                shortest = Math.min(shortest, child.keepaliveBoundMs);
            }
        }
        return Math.max(1, shortest / 4);
    }

    /** Every quarter of the shortest bound: a keepalive to each neighbour that needs one; silent ones go. */
    void armKeepalive() {
        if (keepaliveTimer != null || node.isClosed() || !hasGenetNeighbour()) {
            return;
        }
        tickMs = tickMs();
        keepaliveTimer = node.scheduler().schedule(tickMs, () -> {
            keepaliveTimer = null;
            keepaliveTick();
            armKeepalive();
        });
    }

    private boolean hasGenetNeighbour() {
        if (!node.extensions.enabled()) {
            return false;
        }
        Channel parent = node.parent();
        if (parent != null && parent.genet) {
            return true;
        }
        for (Channel child : node.children().values()) {
            if (child.genet) {
                return true;
            }
        }
        return false;
    }

    /**
     * Cuts a neighbour silent past this node's bound; sends a keepalive to each other one that
     * this node has sent nothing for an eighth of that neighbour's bound (any frame shows the
     * neighbour this node is alive, so a link that carries reports or requests needs no keepalive:
     * the longest silence this node leaves is three eighths of the neighbour's bound).
     */
    private void keepaliveTick() {
        long now = node.now();
        Channel parent = node.parent();
        if (parent != null && parent.genet) {
            if (now - parent.lastHeard() > keepaliveBoundMs) {
                node.parentLost(parent, "no keepalive within " + keepaliveBoundMs + " ms");
            } else if (now - parent.lastSent() >= quiet(parent)) {
                sendKeepalive(parent);
            }
        }
        for (Channel child : List.copyOf(node.children().values())) {
            if (!child.genet) {
                continue;
            }
            if (now - child.lastHeard() > keepaliveBoundMs) {
                node.removeChild(child, "no keepalive within " + keepaliveBoundMs + " ms");
            } else if (now - child.lastSent() >= quiet(child)) {
                sendKeepalive(child);
            }
        }
    }

    /** How long this node may send a neighbour nothing: an eighth of the bound it announced. */
    private static long quiet(Channel neighbour) {
        return Math.max(1, neighbour.keepaliveBoundMs / 8);
    }

    /**
     * Whether {@code child}, a Genet neighbour, has been heard from by no frame for over half this
     * node's bound: alive, it leaves at most three eighths of it silent, so its loop likely hangs
     * (its WebRTC, answering the transport's checks, does not show it) and a join request sent
     * to it would wait out its timeout. The node delegates past it until it is heard again or
     * the bound cuts it.
     */
    boolean seemsHung(Channel child) {
        return child.genet && node.extensions.enabled() && node.now() - child.lastHeard() > keepaliveBoundMs / 2;
    }

    /**
     * A neighbour's link stopped hearing it (WebRTC: DISCONNECTED, its consent checks unanswered
     * for seconds): cut as one silent past the bound is. An original node, which sends no
     * keepalives, is seen so too.
     */
    void stalled(Channel channel) {
        if (node.parent() == channel) {
            node.parentLost(channel, STALLED);
        } else if (node.children().get(channel.slot()) == channel) {
            node.removeChild(channel, STALLED);
        }
    }

    static final String STALLED = "the connection stopped hearing it (no answer to WebRTC's checks)";

    /**
     * A keepalive written as this node writes them, from a neighbour that speaks Genet: heard,
     * with nothing to parse (it is most of the frames a tree carries when it is quiet). Any other
     * spelling takes the general path, with the same effect.
     */
    boolean isKeepalive(Channel channel, String text) {
        if (node.extensions.enabled() && channel.genet && text.equals(KEEPALIVE_FRAME)
                && node.extensions.handler(Extensions.KEEPALIVE) == KEEPALIVE_HEARD) {
            channel.heard(node.now());
            return true;
        }
        return false;
    }

    private void sendKeepalive(Channel channel) {
        if (node.extensions.enabled()) {
            channel.transmit(KEEPALIVE_FRAME);
        }
    }
}
