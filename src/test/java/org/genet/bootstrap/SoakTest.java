package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.genet.measure.Measures;
import org.genet.net.GenetNode;
import org.genet.net.NodeLoop;
import org.genet.overlay.NodeEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The soak of issues 9 and 19: every attack at once, for minutes, against one {@code genet server}
 * process and one {@code genet root} process, while a good node joins that root over real WebRTC
 * again and again. The attacks on the server come from raw sockets; those on the root from
 * hostile Genet children over real WebRTC (phantom children in their reports, a hello with the
 * root's id, report and data floods) and from join sockets (a flood of join requests, pings from
 * sockets that never read, text that is not UTF-8). Prints the server's and the root's worst RSS,
 * threads and descriptors, the root's output lines, and the good joins' times with and without the
 * attacks. Not in the default {@code mvn test}: {@code mvn test -Psoak [-Dsoak.seconds=180]}.
 */
@Tag("soak")
class SoakTest {
    private static final String BIG_SIGNAL = "{\"origin\":null,\"destination\":null,\"signal\":{\"sdp\":\""
            + "x".repeat(60 * 1024) + "\"},\"rank\":0}";

    private record Worst(AtomicLong rss, AtomicLong threads, AtomicLong fds) {
        Worst() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }

        void sample(ServerProcess server) {
            try {
                rss.accumulateAndGet(server.rssBytes(), Math::max);
                threads.accumulateAndGet(server.threads(), Math::max);
                fds.accumulateAndGet(server.fds(), Math::max);
            } catch (IOException e) {
                // the process is gone: the assertions say so
            }
        }

        void sample(Process root) {
            rss.accumulateAndGet(Measures.rss(root.pid()), Math::max);
            threads.accumulateAndGet(Measures.threads(root.pid()), Math::max);
            String[] open = new java.io.File("/proc/" + root.pid() + "/fd").list();
            fds.accumulateAndGet(open == null ? -1 : open.length, Math::max);
        }
    }

    /** {@code genet root} in a process of its own: its output in a file, its RSS and lines measured. */
    private static Process rootProcess(int port, java.nio.file.Path output) throws IOException {
        return new ProcessBuilder(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), org.genet.cli.Main.class.getName(), "root", "--host",
                "127.0.0.1:" + port, "--secret", ServerFixture.SECRET)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    private static long lines(java.nio.file.Path file) throws IOException {
        try (var lines = java.nio.file.Files.lines(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.count();
        }
    }

    @Test
    void everyAttackAtOnceWhileGoodNodesJoin() throws Exception {
        int seconds = Integer.getInteger("soak.seconds", 180);
        java.nio.file.Path rootOutput = java.nio.file.Files.createTempFile("genet-soak-root", ".out");
        org.genet.webrtc.WebRtc.startInBackground();
        try (ServerProcess server = new ServerProcess(4096);
             BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + server.port));
             BootstrapClient hostileClient = new BootstrapClient(URI.create("ws://127.0.0.1:" + server.port));
             NodeLoop loop = new NodeLoop("soak-nodes");
             NodeLoop hostileLoop = new NodeLoop("soak-hostile")) {
            port = server.port;
            Process root = rootProcess(server.port, rootOutput);
            try {
                server.await(() -> server.logText().contains("root connected"), "the root process is connected");
                Thread.sleep(1_000);
                Worst quietWorst = new Worst();
                Worst quietRoot = new Worst();
                long rootLinesBefore = lines(rootOutput);
                long rootCpuBefore = Measures.cpuMs(root.pid());
                long[] quiet = joins(client, loop, Math.max(10, seconds / 6), server, quietWorst, root, quietRoot);
                int quietSeconds = Math.max(10, seconds / 6);
                long quietRootLines = lines(rootOutput) - rootLinesBefore;
                long quietRootCpu = Measures.cpuMs(root.pid()) - rootCpuBefore;
                Worst worst = new Worst();
                Worst rootWorst = new Worst();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                ExecutorService attackers = Executors.newFixedThreadPool(Attack.values().length + NodeAttack.values().length);
                List<AtomicLong> counts = new ArrayList<>();
                for (Attack attack : Attack.values()) {
                    AtomicLong count = new AtomicLong();
                    counts.add(count);
                    attackers.execute(() -> {
                        int round = 0;
                        while (System.nanoTime() < deadline) {
                            try {
                                attack.run(server.port, round++);
                                count.incrementAndGet();
                            } catch (IOException | RuntimeException e) {
                                count.incrementAndGet(); // refused or reset: what an attack expects
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                }
                List<AtomicLong> nodeCounts = new ArrayList<>();
                List<AtomicLong> closedCounts = new ArrayList<>();
                for (NodeAttack attack : NodeAttack.values()) {
                    AtomicLong count = new AtomicLong();
                    AtomicLong closed = new AtomicLong();
                    nodeCounts.add(count);
                    closedCounts.add(closed);
                    attackers.execute(() -> {
                        while (System.nanoTime() < deadline) {
                            try {
                                if (attack.run(hostileClient, hostileLoop)) {
                                    closed.incrementAndGet();
                                }
                                count.incrementAndGet();
                            } catch (Exception | AssertionError e) {
                                count.incrementAndGet(); // refused, closed, or no place: what an attack expects
                            }
                        }
                    });
                }
                long rootLinesAtStart = lines(rootOutput);
                long rootCpuAtStart = Measures.cpuMs(root.pid());
                long[] under = joins(client, loop, seconds, server, worst, root, rootWorst);
                attackers.shutdown();
                assertThat(attackers.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
                long rootLines = lines(rootOutput) - rootLinesAtStart;
                long rootCpu = Measures.cpuMs(root.pid()) - rootCpuAtStart;
                boolean rootAlive = root.isAlive();

                String json = String.format("{\"seconds\":%d,\"attackRounds\":{%s,%s},\"hostileChildrenClosed\":{%s},"
                                + "\"quiet\":{\"joins\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxRssBytes\":%d,\"maxThreads\":%d,\"maxFds\":%d,"
                                + "\"rootMaxRssBytes\":%d,\"rootLinesPerSecond\":%.1f,\"rootCpuMsPerSecond\":%.0f},"
                                + "\"underAttack\":{\"joins\":%d,\"failed\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxRssBytes\":%d,\"maxThreads\":%d,\"maxFds\":%d,"
                                + "\"rootMaxRssBytes\":%d,\"rootMaxThreads\":%d,\"rootMaxFds\":%d,\"rootLinesPerSecond\":%.1f,\"rootCpuMsPerSecond\":%.0f,"
                                + "\"rootAlive\":%b}}",
                        seconds, roundsJson(counts), nodeRoundsJson(nodeCounts), closedJson(closedCounts),
                        quiet.length, Measures.percentile(quiet, 50), Measures.percentile(quiet, 99),
                        quietWorst.rss().get(), quietWorst.threads().get(), quietWorst.fds().get(),
                        quietRoot.rss().get(), quietRootLines / (double) quietSeconds, quietRootCpu / (double) quietSeconds,
                        Arrays.stream(under).filter(t -> t >= 0).count(), Arrays.stream(under).filter(t -> t < 0).count(),
                        Measures.percentile(positive(under), 50), Measures.percentile(positive(under), 99),
                        worst.rss().get(), worst.threads().get(), worst.fds().get(),
                        rootWorst.rss().get(), rootWorst.threads().get(), rootWorst.fds().get(), rootLines / (double) seconds,
                        rootCpu / (double) seconds, rootAlive);
                System.out.println("SOAK " + json);
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "soak.json"), json + "\n");
                assertThat(server.process.isAlive()).as("the server survived").isTrue();
                assertThat(rootAlive).as("the root survived").isTrue();
                assertThat(Arrays.stream(under).filter(t -> t < 0).count()).as("good joins that failed under attack")
                        .isLessThanOrEqualTo(under.length / 20);
                assertThat(server.logText().lines().count()).as("log lines in %d s of attacks", seconds).isLessThan(40L * seconds);
                assertThat(rootLines).as("the root's lines in %d s of attacks", seconds).isLessThan(300L * seconds);
                assertThat(closedJson(closedCounts)).as("hostile children closed by the root").doesNotContain("\"PHANTOMS\":0");
            } finally {
                root.destroy();
                root.waitFor(15, TimeUnit.SECONDS);
                java.nio.file.Files.copy(rootOutput, java.nio.file.Path.of("target", "soak-root.out"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(rootOutput);
            org.genet.webrtc.WebRtc.shutdown();
        }
    }

    private static String nodeRoundsJson(List<AtomicLong> counts) {
        StringBuilder out = new StringBuilder();
        for (NodeAttack attack : NodeAttack.values()) {
            out.append(out.length() == 0 ? "" : ",").append('"').append(attack.name()).append("\":")
                    .append(counts.get(attack.ordinal()).get());
        }
        return out.toString();
    }

    private static String closedJson(List<AtomicLong> counts) {
        StringBuilder out = new StringBuilder();
        for (NodeAttack attack : NodeAttack.values()) {
            if (attack.child != null) {
                out.append(out.length() == 0 ? "" : ",").append('"').append(attack.name()).append("\":")
                        .append(counts.get(attack.ordinal()).get());
            }
        }
        return out.toString();
    }

    /** Issue 19's attacks on the root and the server's sockets: one round each, bounded in time and sockets. */
    private enum NodeAttack {
        PHANTOMS(org.genet.net.NodeAttacks.Child.PHANTOMS),
        ID_THIEF(org.genet.net.NodeAttacks.Child.ID_THIEF),
        REPORT_FLOOD(org.genet.net.NodeAttacks.Child.REPORT_FLOOD),
        DATA_FLOOD(org.genet.net.NodeAttacks.Child.DATA_FLOOD),
        JOIN_REQUEST_FLOOD(null) {
            @Override
            boolean run(BootstrapClient client, NodeLoop loop) throws Exception {
                SocketAttacks.joinRequestFlood(port(client), 20, 5, SocketAttacks::strayCandidate);
                return false;
            }
        },
        PINGS_NEVER_READ(null) {
            @Override
            boolean run(BootstrapClient client, NodeLoop loop) throws Exception {
                SocketAttacks.pingFlood(port(client), 2, 5);
                return false;
            }
        },
        NOT_UTF8(null) {
            @Override
            boolean run(BootstrapClient client, NodeLoop loop) throws Exception {
                try (WireClient c = WireClient.connect(port(client), "127.0.0.252").open("/join")) {
                    c.sendFrame(0x1, new byte[] {'{', '"', (byte) 0xc3, '"', '}'}, true);
                    c.awaitClose();
                }
                Thread.sleep(50);
                return false;
            }
        };

        final org.genet.net.NodeAttacks.Child child;

        NodeAttack(org.genet.net.NodeAttacks.Child child) {
            this.child = child;
        }

        boolean run(BootstrapClient client, NodeLoop loop) throws Exception {
            boolean closed = org.genet.net.NodeAttacks.childRound(client, loop, child, 3);
            Thread.sleep(500);
            return closed;
        }

        static int port(BootstrapClient client) {
            return SoakTest.port;
        }
    }

    private static volatile int port;

    private static String roundsJson(List<AtomicLong> counts) {
        StringBuilder out = new StringBuilder();
        for (Attack attack : Attack.values()) {
            out.append(out.length() == 0 ? "" : ",").append('"').append(attack.name()).append("\":").append(counts.get(attack.ordinal()).get());
        }
        return out.toString();
    }

    private static long[] positive(long[] times) {
        long[] kept = Arrays.stream(times).filter(t -> t >= 0).sorted().toArray();
        return kept.length == 0 ? new long[] {-1} : kept;
    }

    /** Good nodes join one after another for {@code seconds}; each join's time in ms, -1 for a failed one. */
    private static long[] joins(BootstrapClient client, NodeLoop loop, int seconds, ServerProcess server, Worst worst,
                                Process root, Worst rootWorst) throws InterruptedException {
        List<Long> times = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Random random = new Random(2);
        while (System.nanoTime() < deadline && times.size() < 10_000) {
            CountDownLatch joined = new CountDownLatch(1);
            GenetNode node = new GenetNode(client, loop, random, 10, 10_000);
            long start = System.nanoTime();
            node.on(e -> {
                if (e instanceof NodeEvent.ParentConnect) {
                    joined.countDown();
                }
            }).join();
            boolean ok = joined.await(10, TimeUnit.SECONDS);
            times.add(ok ? (System.nanoTime() - start) / 1_000_000 : -1);
            node.close();
            worst.sample(server);
            rootWorst.sample(root);
            Thread.sleep(100);
        }
        long[] out = times.stream().mapToLong(Long::longValue).toArray();
        long[] sorted = out.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    /** One round of each attack: bounded in sockets and time, every socket closed. */
    private enum Attack {
        TAKEOVER {
            void run(int port, int round) throws IOException {
                String[] lines = {"GET /anything http/1.1", "GET /webrtc-bootstrap-root HTTP/1.1",
                        "GET /guess" + round + "/webrtc-bootstrap-root HTTP/1.1", "GET /s3cret/webrtc-bootstrap-rot HTTP/1.1"};
                try (WireClient c = WireClient.connect(port, from(round))) {
                    c.upgrade(lines[round % lines.length]);
                }
            }
        },
        CLAIMED_SIZES {
            void run(int port, int round) throws IOException, InterruptedException {
                List<WireClient> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 100; i++) {
                        WireClient c = WireClient.connect(port, from(round * 100 + i)).open("/join");
                        c.sendHeaderOnly(0x1, i % 2 == 0 ? 256 * 1024 : 60 * 1024);
                        held.add(c);
                    }
                    Thread.sleep(2_000);
                } finally {
                    held.forEach(WireClient::close);
                }
            }
        },
        UNFINISHED_HEADS {
            void run(int port, int round) throws IOException, InterruptedException {
                List<WireClient> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 20; i++) {
                        WireClient c = WireClient.connect(port, from(round * 20 + i));
                        c.write("GET /status HTTP/1.1\r\nHost: x\r\n");
                        for (int k = 0; k < 20; k++) {
                            c.write("X-" + k + ": " + "a".repeat(1000) + "\r\n");
                        }
                        held.add(c);
                    }
                } catch (IOException e) {
                    // refused at the limit
                } finally {
                    held.forEach(WireClient::close);
                }
            }
        },
        SLOW_HEAD {
            void run(int port, int round) throws IOException, InterruptedException {
                try (WireClient c = WireClient.connect(port, from(round))) {
                    c.write("GET /status HTTP/1.1\r\n");
                    for (int k = 0; k < 60; k++) {
                        c.write("X-" + k + ": " + "a".repeat(1016) + "\r\n");
                        Thread.sleep(5);
                    }
                }
            }
        },
        CONNECTION_FLOOD {
            void run(int port, int round) throws IOException, InterruptedException {
                List<Socket> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 500; i++) {
                        Socket s = new Socket();
                        s.bind(new InetSocketAddress(from(round * 500 + i), 0));
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                        held.add(s);
                    }
                    Thread.sleep(3_000);
                } finally {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            }
        },
        SIGNAL_FLOOD {
            void run(int port, int round) throws IOException {
                try (WireClient c = WireClient.connect(port, from(round)).open("/join")) {
                    for (int i = 0; i < 400; i++) {
                        c.sendText(i % 2 == 0 ? BIG_SIGNAL
                                : "{\"origin\":null,\"destination\":\"0123456789abcdef0123456789abcdef\",\"signal\":{},\"rank\":0}");
                    }
                }
            }
        },
        JOIN_SLOT_HOG {
            void run(int port, int round) throws IOException, InterruptedException {
                List<WireClient> held = new ArrayList<>();
                try {
                    for (int i = 0; i < 300; i++) {
                        WireClient c = WireClient.connect(port, "127.0.0.250");
                        held.add(c);
                        if (c.upgrade("GET /join HTTP/1.1").status() != 101) {
                            break;
                        }
                    }
                    Thread.sleep(3_000);
                } finally {
                    held.forEach(WireClient::close);
                }
            }
        },
        BAD_FRAMES {
            void run(int port, int round) throws IOException {
                try (WireClient c = WireClient.connect(port, from(round)).open("/join")) {
                    switch (round % 4) {
                        case 0 -> c.sendFrame(0x1, "{}".getBytes(), false); // unmasked
                        case 1 -> c.sendFrame(0x9, new byte[200], true); // control frame over 125 bytes
                        case 2 -> c.sendFrame(0x2, new byte[100], true); // binary
                        default -> c.sendFrame(0x1, new byte[2 * 1024 * 1024], true); // over the frame limit
                    }
                    c.awaitClose();
                }
            }
        },
        WRONG_SECRETS {
            void run(int port, int round) throws IOException, InterruptedException {
                try (WireClient c = WireClient.connect(port, "127.0.0.251")) {
                    c.upgrade("GET /guess" + round + "/webrtc-bootstrap-root HTTP/1.1");
                }
                Thread.sleep(20);
            }
        };

        abstract void run(int port, int round) throws IOException, InterruptedException;

        /** An attacker's address in 127.0.0.2 to 127.0.0.201: never the good clients' 127.0.0.1. */
        static String from(int n) {
            return "127.0.0." + (2 + Math.floorMod(n, 200));
        }
    }
}
