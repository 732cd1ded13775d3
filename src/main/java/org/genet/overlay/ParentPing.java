package org.genet.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code ping} extension (docs/EXTENSIONS.md): a child that is asked to
 * ({@link Node#setPingIntervalMs}: the app for its RTT labels, {@code genet root|node --ping-s})
 * measures the round trip time to its parent at that interval, and every node answers its own
 * children's pings with a {@code pong}. Part of a {@link Node}, on its scheduler's thread, with no
 * I/O of its own.
 *
 * <p>Invariants it keeps:
 * <ul>
 *   <li>Off by default: a quiet link carries no pings unless someone looks at its round trip time.</li>
 *   <li>Pings go only to the current parent, once it said its hello, and stop when it is gone;
 *       the round trip time is then unknown (NaN) until the next parent answers.</li>
 *   <li>Only the pong of the last ping is a sample, and each ping gives at most one.</li>
 *   <li>The time is smoothed as TCP smooths its round trip time, and the one reported changes
 *       only when it moved by 1 ms and 25 %: jitter alone is not news.</li>
 * </ul>
 */
final class ParentPing {
    private final Node node;
    private double parentRttMs = Double.NaN;
    private double smoothedRttMs = Double.NaN;
    private int pingSeq;
    private long pingSentAt;
    private Scheduler.Cancellable pingTimer;
    private long intervalMs;

    ParentPing(Node node) {
        this.node = node;
    }

    /** See {@link Node#setPingIntervalMs(long)}: 0 stops the pings, another interval starts them now. */
    void setInterval(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("the ping interval must not be negative, not " + ms);
        }
        intervalMs = ms;
        stopPings();
        Channel parent = node.parent();
        if (parent != null && parent.genet) {
            ping(parent);
        }
    }

    long interval() {
        return intervalMs;
    }

    /** The round trip time to the parent in milliseconds (smoothed, as last reported), NaN if unknown. */
    double parentRttMs() {
        return parentRttMs;
    }

    /** Pings the parent now and at the interval while it stays the parent, if pings are on. */
    void ping(Channel channel) {
        if (intervalMs <= 0 || node.parent() != channel || node.isClosed()) {
            return;
        }
        pingSeq++;
        pingSentAt = node.scheduler().nanoTime();
        ObjectNode ping = Extensions.payload(Extensions.PING);
        ping.put("n", pingSeq);
        node.sendExtension(channel, ping);
        pingTimer = node.scheduler().schedule(intervalMs, () -> ping(channel));
    }

    /** The parent's answer to a ping. */
    void pong(JsonNode data) {
        if (data.path("n").asInt(-1) == pingSeq && pingSentAt != 0) {
            // Smoothed as TCP smooths its round trip time (7/8 of the old, 1/8 of the sample),
            // and reported only when it moved by 1 ms and 25 %: jitter alone is not news.
            double sample = (node.scheduler().nanoTime() - pingSentAt) / 1e6;
            pingSentAt = 0;
            smoothedRttMs = Double.isNaN(smoothedRttMs) ? sample : smoothedRttMs + (sample - smoothedRttMs) / 8;
            double rtt = Math.round(smoothedRttMs * 10) / 10.0;
            if (Double.isNaN(parentRttMs) || Math.abs(rtt - parentRttMs) >= Math.max(1, parentRttMs / 4)) {
                parentRttMs = rtt;
                node.topologyReports.markDirty();
            }
        }
    }

    /** A child's ping: answered at once. */
    void answer(Channel child, JsonNode data) {
        ObjectNode pong = Extensions.payload(Extensions.PONG);
        pong.set("n", data.path("n"));
        node.sendExtension(child, pong);
    }

    void stopPings() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
        pingSentAt = 0;
    }

    /** The parent is gone: no more pings, and its round trip time is unknown. */
    void parentGone() {
        stopPings();
        parentRttMs = Double.NaN;
        smoothedRttMs = Double.NaN;
    }
}
