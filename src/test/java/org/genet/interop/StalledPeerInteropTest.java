package org.genet.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.genet.overlay.Wire;
import org.genet.webrtc.PeerEvents;
import org.genet.webrtc.RtcPeer;
import org.genet.webrtc.WebRtc;
import org.junit.jupiter.api.Test;

/**
 * WebRTC's own checks see a frozen peer: our peer connects to simple-peer in a Node.js process
 * over real WebRTC on this machine, the process is stopped (SIGSTOP, as a hung or suspended
 * machine), and our side hears {@code onStalled} from the connection's state within a few seconds,
 * with no Genet keepalive involved; continued (SIGCONT), it hears {@code onResumed}.
 */
class StalledPeerInteropTest {
    /** ICE marks a connection not receiving after 2.5 s without packets; the state follows. */
    private static final long STALL_BOUND_MS = 10_000;

    @Test
    void aStoppedPeerIsSeenStalledByTheConnectionStateAndResumedWhenItContinues() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try (OriginalJs js = new OriginalJs()) {
            OriginalJs.Script other = js.start("original-peer.js");
            OutputStream toOther = other.process.getOutputStream();
            PeerEvents heard = new PeerEvents() {
                @Override
                public void onStalled() {
                    events.add("stalled");
                }

                @Override
                public void onResumed() {
                    events.add("resumed");
                }
            };
            heard.relay = signal -> {
                try {
                    synchronized (toOther) {
                        toOther.write(("{\"signal\":" + Wire.write(signal) + "}\n").getBytes(StandardCharsets.UTF_8));
                        toOther.flush();
                    }
                } catch (java.io.IOException e) {
                    heard.events.add("error:" + e);
                }
            };
            BlockingQueue<String> events = heard.events;
            RtcPeer peer = loop.submit(() -> new RtcPeer(true, loop, heard)).get();
            Thread relay = new Thread(() -> {
                try {
                    while (true) {
                        peer.signal(other.await("signal").path("signal"));
                    }
                } catch (InterruptedException | AssertionError e) {
                    // the other side has no more signals
                }
            }, "signals-from-simple-peer");
            relay.setDaemon(true);
            relay.start();
            try {
                assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("connect");
                peer.send("hello");
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("data:echo hello");

                long stoppedAt = System.nanoTime();
                signal("-STOP", other.process.pid());
                String stalled = events.poll(STALL_BOUND_MS, TimeUnit.MILLISECONDS);
                long stallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
                assertThat(stalled).as("stalled within %d ms of the stop", STALL_BOUND_MS).isEqualTo("stalled");
                assertThat(stallMs).isGreaterThan(1_000); // not at once: ICE waits for checks to go unanswered

                signal("-CONT", other.process.pid());
                assertThat(events.poll(STALL_BOUND_MS, TimeUnit.MILLISECONDS)).isEqualTo("resumed");
                peer.send("again");
                assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("data:echo again");
            } finally {
                signal("-CONT", other.process.pid());
                relay.interrupt();
                peer.close();
                loop.submit(() -> { }).get();
            }
        } finally {
            loop.shutdown();
            loop.awaitTermination(5, TimeUnit.SECONDS);
            WebRtc.shutdown();
        }
    }

    private static void signal(String which, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill %s %d", which, pid).isTrue();
    }
}
