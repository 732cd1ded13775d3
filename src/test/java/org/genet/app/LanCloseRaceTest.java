package org.genet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, item 5: the app closing while LAN discovery starts leaves no browser (a JmDNS with its
 * threads and multicast socket) running. The browser's start is a stand-in here: nothing goes on
 * the network.
 */
class LanCloseRaceTest {

    @Test
    void everyBrowserThatStartsIsClosedWhateverTheMomentOfTheClose() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        int rounds = 1_000;
        CountDownLatch allStarted = new CountDownLatch(rounds);
        for (int i = 0; i < rounds; i++) {
            Lan lan = new Lan(Optional.of(InetAddress.getLoopbackAddress()), "test", Runnable::run, (on, listener) -> {
                started.incrementAndGet();
                allStarted.countDown();
                return closed::incrementAndGet;
            });
            lan.startBrowsing();
            if (i % 3 == 0) {
                Thread.onSpinWait();
            }
            lan.close(); // before, during or after the start
        }
        assertThat(allStarted.await(30, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closed.get() < started.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(closed.get()).as("browsers closed of %d started", started.get()).isEqualTo(started.get());
    }
}
