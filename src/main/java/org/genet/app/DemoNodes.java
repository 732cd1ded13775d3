package org.genet.app;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.bootstrap.BootstrapClient;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode: real nodes started inside the app (real WebRTC, joining through the app's own
 * bootstrap server), so that a speaker grows and shrinks a tree with one laptop. Nodes start on a
 * scheduler thread of their own at the rate asked, share one bootstrap client and two loops (one
 * per core: 300 nodes do not need 300 threads), and close on another thread: the FX thread never
 * waits for any of it. Counts are plain atomics that the view reads a few times a second.
 */
public final class DemoNodes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoNodes.class);
    static final int LOOPS = 2;

    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "demo-start"));
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> thread(r, "demo-close"));
    private final Random random = new Random();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger rejoining = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    /** Why the last node that gave up did, for the status line. */
    private volatile String lastFailure = "";

    /** Where one demo node is: counted in exactly one of joined, rejoining, failed (or none while it first joins). */
    private enum State { JOINING, JOINED, REJOINING, FAILED, GONE }
    // on the starter thread only:
    private final Deque<GenetNode> nodes = new ArrayDeque<>();
    private final List<NodeLoop> loops = new ArrayList<>();
    private BootstrapClient client;
    private URI server;
    private int started;
    private ScheduledFuture<?> adding;
    private volatile boolean closed;

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts {@code n} nodes with {@code maxDegree} joining {@code server} ({@code host:port}), at
     * {@code perSecond} nodes a second, after those still waiting to start.
     */
    public void add(String server, int n, double perSecond, int maxDegree) {
        if (n <= 0 || closed) {
            return;
        }
        waiting.addAndGet(n);
        long periodNanos = (long) (1e9 / Math.max(0.1, Math.min(1000, perSecond)));
        starter.execute(() -> {
            URI uri = BootstrapClient.address(server);
            if (!uri.equals(this.server)) {
                if (client != null) {
                    client.close();
                }
                client = new BootstrapClient(uri);
                this.server = uri;
            }
            if (loops.isEmpty()) {
                for (int i = 0; i < LOOPS; i++) {
                    loops.add(new NodeLoop("demo-loop-" + i));
                }
            }
            if (adding != null) {
                adding.cancel(false);
            }
            adding = starter.scheduleAtFixedRate(() -> startOne(maxDegree), 0, periodNanos, TimeUnit.NANOSECONDS);
        });
    }

    /** Closes the {@code n} nodes started last (and forgets those still waiting to start). */
    public void remove(int n) {
        if (n <= 0 || closed) {
            return;
        }
        starter.execute(() -> {
            int cancel = Math.min(n, waiting.get());
            waiting.addAndGet(-cancel);
            List<GenetNode> out = new ArrayList<>();
            for (int i = cancel; i < n && !nodes.isEmpty(); i++) {
                out.add(nodes.pollLast());
            }
            running.addAndGet(-out.size());
            java.util.Collections.reverse(out); // oldest first, as closeAll takes them
            closer.execute(() -> GenetNode.closeAll(out));
        });
    }

    private void startOne(int maxDegree) {
        if (waiting.get() <= 0) {
            if (adding != null) {
                adding.cancel(false);
                adding = null;
            }
            return;
        }
        waiting.decrementAndGet();
        try {
            NodeLoop loop = loops.get(started % loops.size());
            GenetNode node = new GenetNode(client, loop, random, maxDegree, org.genet.overlay.Node.DEFAULT_REQUEST_TIMEOUT_MS);
            // the app draws every edge's round trip time: its demo nodes measure theirs, as the app does
            node.pingInterval(org.genet.overlay.Node.PING_INTERVAL_MS);
            String name = "demo " + (++started);
            java.util.concurrent.atomic.AtomicReference<State> state = new java.util.concurrent.atomic.AtomicReference<>(State.JOINING);
            node.on(event -> { // on the node's loop
                if (event instanceof NodeEvent.Data d && "ping".equals(d.data().path("app").asText())) {
                    // the app's Ping: answered as the app answers one, so that its round-trip time shows
                    d.channel().send(java.util.Map.of("app", "pong", "n", d.data().path("n").asInt()));
                } else if (event instanceof NodeEvent.ParentConnect || event instanceof NodeEvent.Rejoined) {
                    move(state, State.JOINED);
                } else if (event instanceof NodeEvent.ParentClose || event instanceof NodeEvent.ParentError
                        || event instanceof NodeEvent.Rejoining) {
                    move(state, State.REJOINING); // demo nodes repair: it joins again by itself
                } else if (event instanceof NodeEvent.JoinFail f && !node.node().isRejoining()) {
                    lastFailure = f.reason();
                    move(state, State.FAILED); // a first join that failed: this node gives up
                } else if (event instanceof NodeEvent.Close) {
                    move(state, State.GONE);
                }
            });
            loop.execute(() -> {
                node.node().setName(name);
                node.node().join();
            });
            nodes.addLast(node);
            running.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            lastFailure = String.valueOf(e.getMessage());
            log.warn("a demo node could not start: {}", e.toString());
        }
    }

    private void move(java.util.concurrent.atomic.AtomicReference<State> state, State to) {
        State from = state.getAndSet(to);
        if (from == to) {
            return;
        }
        counter(from, -1);
        counter(to, 1);
    }

    private void counter(State s, int delta) {
        switch (s) {
            case JOINED -> joined.addAndGet(delta);
            case REJOINING -> rejoining.addAndGet(delta);
            case FAILED -> failed.addAndGet(delta);
            default -> { }
        }
    }

    /** The nodes started and not removed, oldest first (for tests). */
    List<GenetNode> nodes() {
        try {
            return starter.submit(() -> List.copyOf(nodes)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many demo nodes are where.
     *
     * @param running started and not removed
     * @param joined that have a parent now
     * @param waiting asked for and not started yet
     * @param rejoining that lost their parent and are joining again
     * @param failed whose first join failed (timed out or refused) and that gave up; removing them closes them
     */
    public record Counts(int running, int joined, int waiting, int rejoining, int failed) {
    }

    /** How many demo nodes are where, now. */
    public Counts counts() {
        return new Counts(running.get(), joined.get(), waiting.get(), rejoining.get(), failed.get());
    }

    /** Why the last node that gave up did ("" if none did). */
    public String lastFailure() {
        return lastFailure;
    }

    /** Closes every node, then the loops and the client; waits for it (call it off the FX thread if it can be long). */
    @Override
    public void close() {
        closed = true;
        try {
            starter.submit(() -> {
                if (adding != null) {
                    adding.cancel(false);
                }
                waiting.set(0);
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("stopping the demo starter: {}", e.toString());
        }
        starter.shutdownNow();
        List<GenetNode> all = new ArrayList<>(nodes);
        nodes.clear();
        running.set(0);
        closer.execute(() -> GenetNode.closeAll(all));
        closer.shutdown();
        try {
            if (!closer.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("demo nodes still closing after 60 s");
            }
            for (NodeLoop loop : loops) {
                loop.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client != null) {
            client.close();
        }
    }
}
