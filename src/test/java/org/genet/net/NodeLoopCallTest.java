package org.genet.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeLoop#call} waits for a loop that works, however long, and gives up on one that does
 * nothing: here with a stall bound of 1 s instead of 10 s.
 */
class NodeLoopCallTest {
    private static final long STALL_MS = 1_000;

    /** Busy on the CPU for {@code ms}, as a loop loading classes on a starved machine is. */
    private static long spin(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        return x;
    }

    @Test
    void aLoopThatWorksLongerThanTheBoundIsWaitedFor() throws Exception {
        try (NodeLoop loop = new NodeLoop("busy-loop", STALL_MS)) {
            long started = System.nanoTime();
            // the bug it replaces: a fixed bound, so 30 of 100 nodes started at once on 2 cores died at start
            int answer = loop.call(() -> {
                spin(3 * STALL_MS);
                return 42;
            });
            assertEquals(42, answer);
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(3 * STALL_MS));
        }
    }

    @Test
    void aLoopThatIsBlockedIsGivenUpOnAfterTheBound() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (NodeLoop loop = new NodeLoop("blocked-loop", STALL_MS)) {
            loop.execute(() -> {
                try {
                    never.await(30, TimeUnit.SECONDS); // blocked: no CPU used
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long started = System.nanoTime();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.call(() -> 1));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(e.getMessage().contains("did not answer") && e.getMessage().contains("did nothing"), e.getMessage());
            assertTrue(waitedMs >= STALL_MS && waitedMs < 10 * STALL_MS, "gave up after " + waitedMs + " ms");
            never.countDown();
        }
    }

    @Test
    void aCallFromTheLoopItselfRunsAtOnce() throws Exception {
        try (NodeLoop loop = new NodeLoop("self-loop", STALL_MS)) {
            assertEquals(7, (int) loop.call(() -> loop.call(() -> 7)));
        }
    }
}
