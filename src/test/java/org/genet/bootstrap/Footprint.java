package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.genet.Await;

/** What the server holds in this JVM: its threads, the process's file descriptors, the heap in use. */
record Footprint(long serverThreads, long fds, long heapBytes) {

    static Footprint now() {
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // the server's own threads: a client's ("bootstrap-client...") may still be ending after an
        // earlier test closed it without waiting, and would make the count wander
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("bootstrap-accept") || t.getName().startsWith("bootstrap-io")).count();
        String[] fds = new File("/proc/self/fd").list();
        return new Footprint(threads, fds == null ? -1 : fds.length, memory.getHeapMemoryUsage().getUsed());
    }

    /**
     * Waits until threads and descriptors are back to {@code baseline} or below (a few descriptors of
     * slack) and the heap near it. At most, not exactly: the baseline may count a thread of an
     * earlier test's server that was still ending (under stress --cpu 2 it was 1, then 0).
     */
    static void backNear(Footprint baseline) throws InterruptedException {
        Await.until(() -> {
            Footprint now = now();
            return now.serverThreads() <= baseline.serverThreads() && now.fds() <= baseline.fds() + 8
                    && now.heapBytes() <= baseline.heapBytes() + 24L * 1024 * 1024;
        }, "the server's footprint is back near " + baseline + " (now " + now() + ")", 15);
        assertThat(now().serverThreads()).isLessThanOrEqualTo(baseline.serverThreads());
    }
}
