package org.genet.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 1: trees of real nodes grown and closed one after the other in one JVM leave
 * nothing behind. webrtc-java 0.14.0 kept every closed connection: its data channel's observer
 * (a JNI global reference never deleted) held the peer, its node and the whole round, and its
 * native connection held its factory's media engine and threads.
 */
class LeakPerConnectionTest {
    /** What a closed round must not leave alive. */
    static final List<String> CLASSES = List.of("org.genet.webrtc.RtcPeer", "org.genet.overlay.Node",
            "org.genet.net.GenetNode", "org.genet.net.RtcLink", "org.genet.bootstrap.SignalingSession",
            "io.netty.channel.socket.nio.NioSocketChannel", "dev.onvoid.webrtc.RTCPeerConnection");

    @Test
    void roundsOfRealTreesLeaveNoPeerNodeOrChannelAndNoNativeThread() throws Exception {
        Map<String, Long> before = liveCounts();
        int threadsAfterFirst = -1;
        for (int round = 1; round <= 3; round++) {
            TreeBenchmark.Result r = TreeBenchmark.run(12, 3, 30_000, 2, round);
            assertThat(r.joined()).as("round %d joined", round).isEqualTo(12);
            assertThat(WebRtc.openPeers()).as("open peers after round %d", round).isZero();
            Map<String, Long> after = awaitCounts(before);
            for (String c : CLASSES) {
                assertThat(after.get(c)).as("live %s after round %d (before the first: %d)", c, round, before.get(c))
                        .isLessThanOrEqualTo(before.get(c));
            }
            if (round == 1) {
                Thread.sleep(2_000); // threads of the round that end by themselves
                threadsAfterFirst = threads();
            } else {
                int bound = threadsAfterFirst;
                int threads = awaitThreads(bound);
                assertThat(threads).as("threads after round %d (after the first: %d)", round, bound).isLessThanOrEqualTo(bound);
            }
        }
    }

    /** Counts after a round, given a few seconds for sockets that close late (a close frame's 2 s wait). */
    private static Map<String, Long> awaitCounts(Map<String, Long> before) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            Map<String, Long> now = liveCounts();
            boolean back = CLASSES.stream().allMatch(c -> now.get(c) <= before.get(c));
            if (back || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(500);
        }
    }

    private static int awaitThreads(int bound) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int now = threads();
        while (now > bound && System.nanoTime() < deadline) {
            Thread.sleep(250);
            now = threads();
        }
        return now;
    }

    /** Live instances of {@link #CLASSES}, from a heap histogram (which collects garbage first). */
    static Map<String, Long> liveCounts() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> counts = new LinkedHashMap<>();
        CLASSES.forEach(c -> counts.put(c, 0L));
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && counts.containsKey(f[3])) {
                counts.put(f[3], Long.parseLong(f[1]));
            }
        }
        return counts;
    }

    /** Threads of this process, Java and native (WebRTC's own among them). */
    static int threads() throws Exception {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        }
    }
}
