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
 * The soak of issue 9: every attack at once, for minutes, against one {@code genet server}
 * process, while a good node joins a good root over real WebRTC again and again. Prints the
 * server's worst RSS, threads and descriptors, and the good joins' times with and without the
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
    }

    @Test
    void everyAttackAtOnceWhileGoodNodesJoin() throws Exception {
        int seconds = Integer.getInteger("soak.seconds", 180);
        try (ServerProcess server = new ServerProcess(4096);
             BootstrapClient client = new BootstrapClient(URI.create("ws://127.0.0.1:" + server.port));
             NodeLoop rootLoop = new NodeLoop("soak-root");
             NodeLoop loop = new NodeLoop("soak-nodes")) {
            GenetNode root = new GenetNode(client, rootLoop, new Random(1), 10, 10_000);
            CountDownLatch rootOpen = new CountDownLatch(1);
            root.on(e -> {
                if (e instanceof NodeEvent.RootOpen) {
                    rootOpen.countDown();
                }
            }).becomeRoot(ServerFixture.SECRET);
            assertThat(rootOpen.await(10, TimeUnit.SECONDS)).isTrue();
            Worst quietWorst = new Worst();
            long[] quiet = joins(client, loop, Math.max(10, seconds / 6), server, quietWorst);
            Worst worst = new Worst();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService attackers = Executors.newFixedThreadPool(9);
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
            long[] under = joins(client, loop, seconds, server, worst);
            attackers.shutdown();
            assertThat(attackers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            root.close();

            String json = String.format("{\"seconds\":%d,\"attackRounds\":{%s},"
                            + "\"quiet\":{\"joins\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxRssBytes\":%d,\"maxThreads\":%d,\"maxFds\":%d},"
                            + "\"underAttack\":{\"joins\":%d,\"failed\":%d,\"p50Ms\":%d,\"p99Ms\":%d,\"maxRssBytes\":%d,\"maxThreads\":%d,\"maxFds\":%d}}",
                    seconds, roundsJson(counts), quiet.length, Measures.percentile(quiet, 50), Measures.percentile(quiet, 99),
                    quietWorst.rss().get(), quietWorst.threads().get(), quietWorst.fds().get(),
                    Arrays.stream(under).filter(t -> t >= 0).count(), Arrays.stream(under).filter(t -> t < 0).count(),
                    Measures.percentile(positive(under), 50), Measures.percentile(positive(under), 99),
                    worst.rss().get(), worst.threads().get(), worst.fds().get());
            System.out.println("SOAK " + json);
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "soak.json"), json + "\n");
            assertThat(server.process.isAlive()).as("the server survived").isTrue();
            assertThat(Arrays.stream(under).filter(t -> t < 0).count()).as("good joins that failed under attack")
                    .isLessThanOrEqualTo(under.length / 20);
            assertThat(server.logText().lines().count()).as("log lines in %d s of attacks", seconds).isLessThan(40L * seconds);
        }
    }

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
    private static long[] joins(BootstrapClient client, NodeLoop loop, int seconds, ServerProcess server, Worst worst)
            throws InterruptedException {
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
