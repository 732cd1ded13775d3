package org.genet.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.genet.bootstrap.BootstrapClient;
import org.genet.bootstrap.BootstrapServer;
import org.genet.bootstrap.ServerConfig;
import org.genet.measure.FrameCounts;
import org.genet.measure.Measures;
import org.genet.overlay.NodeEvent;
import org.genet.overlay.Wire;
import org.genet.webrtc.WebRtc;

/**
 * Grows a real tree: an embedded bootstrap server on 127.0.0.1, a root, and {@code nodes} joiners
 * that all join at once over real WebRTC, in this JVM or spread over worker processes (each a JVM
 * of its own, with its own file descriptor limit). Each node tells its children their depth in
 * DATA messages, so that every node learns its own. Bounded by a time limit.
 */
public final class TreeBenchmark {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TreeBenchmark.class);

    /**
     * One tree's figures. {@code round}: 1 for the first tree this JVM grows (cold), more for the
     * trees after it (warm). {@code cpuMs}: CPU time of the processes (every thread, JIT and GC
     * included) while the tree grew, less sensitive than wall time to other load on the machine.
     * {@code threads}: threads (Java and native) of the busiest process once all had joined;
     * {@code processes}: the worker processes holding the joiners (0: all in this JVM).
     * {@code rssBytes}: resident memory of all the processes. {@code window}: joins in flight at
     * once per process (0: all at once); {@code retries}: joins tried again after one failed.
     * {@code idleCpuMsPerNodeSecond}: with a hold time, the CPU time the grown tree took while
     * quiet (keepalives, pings, WebRTC's own checks), per node and second; -1 without.
     * {@code framesPerJoin}, {@code bytesPerJoin}: what the nodes sent (through the server and
     * on data channels, {@link FrameCounts}) from the start until all had joined, by kind, divided
     * by the joins ({@code total} is every kind's sum); counted in this JVM only, so empty with
     * worker processes. {@code quietFramesPerNodeSecond}: the same while the tree was held quiet.
     */
    public record Result(int nodes, int maxDegree, int joined, long allJoinedMs, long joinMsP50, long joinMsP95,
                         long joinMsMax, int maxDepth, long rssBytes, long rssBytesPerConnection, int loops, int round,
                         long cpuMs, int threads, int processes, int window, int retries, double idleCpuMsPerNodeSecond,
                         Map<String, Double> framesPerJoin, Map<String, Double> bytesPerJoin,
                         Map<String, Double> quietFramesPerNodeSecond) {
    }

    private TreeBenchmark() {
    }

    public static Result run(int nodes, int maxDegree, long timeLimitMs, int loopCount) throws Exception {
        return run(nodes, maxDegree, timeLimitMs, loopCount, 1);
    }

    /** Grows one tree in this JVM; {@code round} only labels the result. */
    public static Result run(int nodes, int maxDegree, long timeLimitMs, int loopCount, int round) throws Exception {
        return run(nodes, maxDegree, timeLimitMs, loopCount, round, List.of(), 0, 0);
    }

    /**
     * Grows one tree. With {@code processes} above 0, the joiners live in that many worker
     * processes, each started with {@code workerCommand} followed by the worker's options (see
     * {@link #worker}); this JVM holds the server and the root. With {@code window} above 0, each
     * process has at most that many joins in flight and starts the next as one joins. A join that
     * fails is tried again.
     */
    public static Result run(int nodes, int maxDegree, long timeLimitMs, int loopCount, int round,
                             List<String> workerCommand, int processes, int window) throws Exception {
        return run(nodes, maxDegree, timeLimitMs, loopCount, round, workerCommand, processes, window, 0, 0);
    }

    /**
     * As above, every node with the keepalive bound {@code keepaliveMs} (0: the default); then,
     * with {@code holdMs} above 0, keeps the grown tree that long and measures its idle CPU.
     */
    public static Result run(int nodes, int maxDegree, long timeLimitMs, int loopCount, int round,
                             List<String> workerCommand, int processes, int window, long holdMs, long keepaliveMs)
            throws Exception {
        String secret = "bench";
        // As the original's benchmark loads its WebRTC module before its clock starts: the native
        // library and the JSON codec are loaded once per process, not per join.
        WebRtc.start();
        Wire.json();
        BootstrapServer server = new BootstrapServer(new InetSocketAddress("127.0.0.1", 0),
                ServerConfig.builder(secret).maxJoinSockets(Math.max(10_000, 4 * nodes))
                        .exemptLocalhost(true).build()); // every joiner is on this machine: in this process or its workers
        int port = server.startAndWait();
        URI address = URI.create("ws://127.0.0.1:" + port);
        long self = ProcessHandle.current().pid();
        long rssBefore = Measures.rss(self);
        List<Worker> workers = new ArrayList<>();
        AtomicInteger retries = new AtomicInteger();
        try (Joiners here = new Joiners(address, processes > 0 ? 1 : loopCount, maxDegree, timeLimitMs, keepaliveMs,
                retries::incrementAndGet)) {
            here.becomeRoot(secret);
            long[] joinedAt = new long[nodes];
            AtomicInteger joinedCount = new AtomicInteger();
            int[] depths = new int[nodes];
            AtomicInteger depthCount = new AtomicInteger();
            CountDownLatch joined = new CountDownLatch(nodes);
            CountDownLatch depthKnown = new CountDownLatch(nodes);
            LongConsumer onJoined = at -> {
                int i = joinedCount.getAndIncrement();
                if (i < nodes) {
                    joinedAt[i] = at;
                    joined.countDown();
                }
            };
            IntConsumer onDepth = d -> {
                int i = depthCount.getAndIncrement();
                if (i < nodes) {
                    depths[i] = d;
                    depthKnown.countDown();
                }
            };
            long start;
            long cpuStart;
            FrameCounts.Snapshot framesStart = FrameCounts.snapshot();
            if (processes == 0) {
                here.add(nodes, onJoined, onDepth);
                cpuStart = Measures.cpuMs(self);
                framesStart = FrameCounts.snapshot();
                start = System.nanoTime();
                here.joinAll(window);
            } else {
                for (int p = 0; p < processes; p++) {
                    int share = nodes / processes + (p < nodes % processes ? 1 : 0);
                    List<String> command = new ArrayList<>(workerCommand);
                    command.addAll(List.of("--host", "127.0.0.1:" + port, "--nodes", Integer.toString(share),
                            "--max-degree", Integer.toString(maxDegree), "--time-limit-ms", Long.toString(timeLimitMs),
                            "--loops", Integer.toString(loopCount)));
                    command.addAll(List.of("--window", Integer.toString(window), "--keepalive-ms", Long.toString(keepaliveMs)));
                    workers.add(new Worker(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                            .start(), onJoined, onDepth, retries::incrementAndGet));
                }
                for (Worker w : workers) {
                    w.awaitReady(timeLimitMs);
                }
                for (Worker w : workers) {
                    rssBefore += w.rss();
                }
                cpuStart = Measures.cpuMs(self) + workers.stream().mapToLong(Worker::cpuMs).sum();
                start = System.nanoTime();
                for (Worker w : workers) {
                    w.send("go");
                }
            }
            awaitJoins(joined, nodes, start, timeLimitMs, retries, processes > 0 || nodes >= 1_000);
            long cpuMs = Measures.cpuMs(self) + workers.stream().mapToLong(Worker::cpuMs).sum() - cpuStart;
            FrameCounts.Snapshot framesJoined = FrameCounts.snapshot();
            int threads = Math.max(Measures.threads(self),
                    workers.stream().mapToInt(w -> Measures.threads(w.process.pid())).max().orElse(0));
            int count = Math.min(nodes, joinedCount.get());
            long[] joinMs = Arrays.stream(joinedAt, 0, count).map(t -> (t - start) / 1_000_000).sorted().toArray();
            long allJoinedMs = joinMs.length == nodes ? joinMs[joinMs.length - 1] : -1;
            depthKnown.await(Math.min(10_000, timeLimitMs), TimeUnit.MILLISECONDS);
            double idle = -1;
            Map<String, Double> quietFrames = Map.of();
            if (holdMs > 0 && count > 0) {
                long before = Measures.cpuMs(self) + workers.stream().mapToLong(Worker::cpuMs).sum();
                FrameCounts.Snapshot framesBefore = FrameCounts.snapshot();
                Thread.sleep(holdMs);
                long used = Measures.cpuMs(self) + workers.stream().mapToLong(Worker::cpuMs).sum() - before;
                idle = used * 1000.0 / holdMs / (count + 1); // the root too
                if (processes == 0) {
                    quietFrames = perNodeSecond(FrameCounts.snapshot().minus(framesBefore), count + 1, holdMs);
                }
            }
            long rss = Measures.rss(self) + workers.stream().mapToLong(Worker::rss).sum();
            int maxDepth = Arrays.stream(depths, 0, Math.min(nodes, depthCount.get())).max().orElse(0);
            int connections = 2 * joinMs.length;
            return new Result(nodes, maxDegree, joinMs.length, allJoinedMs, Measures.percentile(joinMs, 50),
                    Measures.percentile(joinMs, 95), Measures.max(joinMs), maxDepth, rss,
                    connections == 0 ? -1 : (rss - rssBefore) / connections, loopCount, round, cpuMs, threads,
                    processes, window, retries.get(), idle,
                    processes == 0 ? withTotal(framesJoined.minus(framesStart), count, false) : Map.of(),
                    processes == 0 ? withTotal(framesJoined.minus(framesStart), count, true) : Map.of(), quietFrames);
        } finally {
            for (Worker w : workers) {
                w.endInput(); // all at once: each closes its nodes while the others do
            }
            long stopBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            for (Worker w : workers) {
                w.awaitExit(stopBy);
            }
            server.close();
            WebRtc.shutdown();
        }
    }

    /** Frames (or bytes) per join by kind, and their {@code total}. */
    private static Map<String, Double> withTotal(FrameCounts.Snapshot frames, int joins, boolean ofBytes) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        long total = ofBytes ? frames.totalBytes() : frames.totalFrames();
        out.put("total", Math.round(10.0 * total / Math.max(1, joins)) / 10.0);
        out.putAll(frames.perJoin(joins, ofBytes));
        return out;
    }

    /** Frames by kind per node and second of {@code ms}, to a hundredth. */
    private static Map<String, Double> perNodeSecond(FrameCounts.Snapshot frames, int nodes, long ms) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        double per = nodes * (ms / 1000.0);
        out.put("total", Math.round(100.0 * frames.totalFrames() / per) / 100.0);
        for (FrameCounts.Kind k : FrameCounts.Kind.values()) {
            if (frames.frames(k) > 0) {
                out.put(k.key(), Math.round(100.0 * frames.frames(k) / per) / 100.0);
            }
        }
        return out;
    }

    /**
     * Waits until every joiner has joined or the time limit has passed; with {@code progress},
     * logs every 10 s how many have joined so far (a large tree takes minutes).
     */
    private static void awaitJoins(CountDownLatch joined, int nodes, long start, long timeLimitMs,
                                   AtomicInteger retries, boolean progress) throws InterruptedException {
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeLimitMs);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || joined.await(Math.min(left, TimeUnit.SECONDS.toNanos(10)), TimeUnit.NANOSECONDS)) {
                return;
            }
            if (progress) {
                log.info("{} of {} joined after {} s, {} retries", nodes - joined.getCount(), nodes,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), retries.get());
            }
        }
    }

    /**
     * A worker process's side (the hidden {@code bench-worker} command): makes {@code nodes}
     * joiners for the server at {@code server}, prints {@code ready}, joins them all when a line
     * {@code go} comes on {@code in}, prints {@code joined NANOS} (this machine's
     * {@link System#nanoTime()}, which every process on it shares) as each joins and
     * {@code depth D} as each learns its depth, and closes everything when {@code in} ends.
     */
    public static void worker(URI server, int nodes, int maxDegree, long timeLimitMs, int loops, int window,
                              long keepaliveMs, java.io.InputStream in, PrintStream out) throws Exception {
        WebRtc.start();
        Wire.json();
        Object lock = new Object();
        try (Joiners joiners = new Joiners(server, loops, maxDegree, timeLimitMs, keepaliveMs, () -> {
            synchronized (lock) {
                out.println("retry");
                out.flush();
            }
        })) {
            joiners.add(nodes, at -> {
                synchronized (lock) {
                    out.println("joined " + at);
                    out.flush();
                }
            }, d -> {
                synchronized (lock) {
                    out.println("depth " + d);
                    out.flush();
                }
            });
            synchronized (lock) {
                out.println("ready");
                out.flush();
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals("go")) {
                    joiners.joinAll(window);
                }
            }
        } finally {
            WebRtc.shutdown();
        }
    }

    /** Nodes of one process on shared loops and one bootstrap client; closes them all. */
    private static final class Joiners implements AutoCloseable {
        private final BootstrapClient client;
        private final List<NodeLoop> loops = new ArrayList<>();
        private final List<GenetNode> all = new ArrayList<>();
        private final List<GenetNode> joiners = new ArrayList<>();
        private final Random random = new Random();
        private final int maxDegree;
        private final long timeLimitMs;
        /** Joiners not started yet, when at most {@link #window} may be joining at once. */
        private final java.util.concurrent.ConcurrentLinkedQueue<GenetNode> waiting =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private volatile int window;
        private final Runnable onRetry;
        /** Every node's keepalive bound; 0: the default. */
        private final long keepaliveMs;

        private GenetNode newNode(NodeLoop loop, long requestTimeoutMs) {
            GenetNode node = new GenetNode(client, loop, random, maxDegree, requestTimeoutMs);
            return keepaliveMs > 0 ? node.keepaliveBound(keepaliveMs) : node;
        }

        Joiners(URI server, int loopCount, int maxDegree, long timeLimitMs, long keepaliveMs, Runnable onRetry) {
            this.onRetry = onRetry;
            this.keepaliveMs = keepaliveMs;
            this.client = new BootstrapClient(server);
            for (int i = 0; i < loopCount; i++) {
                loops.add(new NodeLoop("bench-loop-" + i));
            }
            this.maxDegree = maxDegree;
            this.timeLimitMs = timeLimitMs;
        }

        /** The root, on the first loop; it tells each child that connects depth 0. */
        void becomeRoot(String secret) throws InterruptedException {
            CountDownLatch rootOpen = new CountDownLatch(1);
            GenetNode root = newNode(loops.get(0), timeLimitMs);
            all.add(root);
            root.on(e -> {
                if (e instanceof NodeEvent.RootOpen) {
                    rootOpen.countDown();
                } else if (e instanceof NodeEvent.ChildConnect c) {
                    c.channel().send(Map.of("depth", 0));
                }
            });
            root.becomeRoot(secret);
            if (!rootOpen.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the root could not connect to the embedded server");
            }
        }

        /** Makes the joiners: each reports when it joins (nanoTime) and when it learns its depth. */
        void add(int nodes, LongConsumer onJoined, IntConsumer onDepth) {
            for (int i = 0; i < nodes; i++) {
                // a join that has not succeeded in 30 s fails and is tried again
                GenetNode node = newNode(loops.get((all.size() + i) % loops.size()), Math.min(timeLimitMs, 30_000));
                int[] depth = {-1}; // confined to the node's loop
                // refused, timed out, or the server's backlog was full: this joiner tries again (as a
                // person would), after a pause of up to a second; one that lost its parent rejoins by itself
                node.retryFailedJoins(() -> random.nextInt(1_000), delay -> onRetry.run());
                // Depth travels down in DATA: each node tells every child its depth as soon as it knows its own.
                node.on(e -> {
                    if (e instanceof NodeEvent.ParentConnect) {
                        onJoined.accept(System.nanoTime());
                        startNext();
                    } else if (e instanceof NodeEvent.ChildConnect c && depth[0] >= 0) {
                        c.channel().send(Map.of("depth", depth[0]));
                    } else if (e instanceof NodeEvent.Data d && d.isParent() && d.data().has("depth")) {
                        int mine = d.data().path("depth").asInt() + 1;
                        if (depth[0] < 0) {
                            depth[0] = mine;
                            onDepth.accept(mine);
                            node.node().children().values().forEach(c -> c.send(Map.of("depth", mine)));
                        }
                    }
                });
                joiners.add(node);
            }
            all.addAll(joiners);
        }

        /** Starts every joiner at once; or, with {@code window} above 0, that many, and one more as each joins. */
        void joinAll(int window) {
            this.window = window;
            if (window <= 0) {
                for (GenetNode node : joiners) {
                    node.loop().execute(() -> node.node().join());
                }
                return;
            }
            waiting.addAll(joiners);
            for (int i = 0; i < window; i++) {
                startNext();
            }
        }

        private void startNext() {
            if (window <= 0) {
                return;
            }
            GenetNode node = waiting.poll();
            if (node != null) {
                node.loop().execute(() -> node.node().join());
            }
        }

        /** Closes the tree (the joiners, then the root), the loops and the client. */
        @Override
        public void close() {
            GenetNode.closeAll(all);
            for (NodeLoop loop : loops) {
                try {
                    loop.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            client.close();
        }
    }

    /** A worker process seen from the benchmark: its lines are read on a thread of its own. */
    private static final class Worker {
        final Process process;
        private final Writer stdin;
        private final CountDownLatch ready = new CountDownLatch(1);

        Worker(Process process, LongConsumer onJoined, IntConsumer onDepth, Runnable onRetry) {
            this.process = process;
            this.stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.equals("ready")) {
                            ready.countDown();
                        } else if (line.startsWith("joined ")) {
                            onJoined.accept(Long.parseLong(line.substring(7)));
                        } else if (line.startsWith("depth ")) {
                            onDepth.accept(Integer.parseInt(line.substring(6)));
                        } else if (line.equals("retry")) {
                            onRetry.run();
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the worker ended; what it reported stands
                }
            }, "bench-worker-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        void awaitReady(long timeoutMs) throws InterruptedException {
            if (!ready.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a benchmark worker process did not start (pid " + process.pid() + ")");
            }
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        long rss() {
            return Math.max(0, Measures.rss(process.pid()));
        }

        long cpuMs() {
            return Math.max(0, Measures.cpuMs(process.pid()));
        }

        /** Closing its input makes the worker close its nodes and exit. */
        void endInput() {
            try {
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
        }

        /** Waits for the worker to exit until {@code deadline} (nanoTime); then kills it. */
        void awaitExit(long deadline) throws InterruptedException {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
