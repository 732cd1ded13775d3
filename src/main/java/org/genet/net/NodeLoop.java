package org.genet.net;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.genet.overlay.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a real node lives on: the overlay's {@link Scheduler}, and the executor its
 * sockets and peers report on. A task that throws is logged; the loop goes on.
 */
public final class NodeLoop implements Scheduler, Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLoop.class);

    /** How long {@link #call} waits for a loop that does nothing at all before it gives up on it. */
    static final long STALL_MS = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ScheduledExecutorService executor;
    private final long origin = System.nanoTime();
    private final long stallNanos;
    private volatile Thread thread;

    public NodeLoop(String name) {
        this(name, STALL_MS);
    }

    /** A loop whose {@link #call} gives up after {@code stallMs} without progress (tests make it short). */
    NodeLoop(String name, long stallMs) {
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMs);
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** After {@link #close()}, a delayed task is dropped: the node it was for is closed. */
    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Future<?> f;
        try {
            f = executor.schedule(guarded(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("dropped a delayed task: the loop is closed");
            return () -> { };
        }
        return () -> f.cancel(false);
    }

    /**
     * Runs {@code task} on the loop; after {@link #close()} it is dropped. Never throws: native
     * WebRTC callbacks hand their work over through here, and an exception thrown back into
     * one ends the process (a check of {@code isShutdown()} before {@code execute} left a race
     * with a close in between: 6 rejections in 20,000 close races).
     */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("dropped a task: the loop is closed");
        }
    }

    /** Whether the calling thread is this loop's: where a node on it may be used. */
    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on the loop and waits for its result, as long as the loop is working: it
     * gives up once the loop's thread has used no CPU for {@link #STALL_MS} (blocked, or waiting
     * for the caller). A fixed bound instead failed nodes on a busy machine: of 100 node processes
     * started at once on 2 cores, 30 died at start with "did not answer within 10 s" while their
     * loops were loading classes.
     */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Future<T> result;
        try {
            result = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the node's loop is closed", e);
        }
        long cpu = loopCpuNanos();
        long progressAt = System.nanoTime();
        while (true) {
            try {
                return result.get(Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(stallNanos)), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long cpuNow = loopCpuNanos();
                if (cpuNow != cpu) { // working (or its CPU time cannot be read: -1 then, the same, so the bound holds)
                    cpu = cpuNow;
                    progressAt = now;
                } else if (now - progressAt >= stallNanos) {
                    result.cancel(false);
                    throw new IllegalStateException("the node's loop did not answer: it did nothing for "
                            + TimeUnit.NANOSECONDS.toMillis(now - progressAt) + " ms (blocked)", e);
                }
            }
        }
    }

    /** CPU time the loop's thread has used, or -1 where it cannot be read (no thread yet, or none measured). */
    private long loopCpuNanos() {
        Thread t = thread;
        if (t == null) {
            return -1;
        }
        try {
            return THREADS.getThreadCpuTime(t.getId());
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** Runs {@code task} on the loop and waits for it. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // a LinkageError: WebRTC's native library could not load (libpulse0 missing, ...);
                // an AssertionError: a confinement check failed (tests); the executor would drop them silently
                log.error("a task of the node's loop failed", e);
            }
        };
    }

    /**
     * Stops the loop once the tasks already given to it have run (peers' closes among them), and
     * waits for that, at most 5 s. Called on the loop itself (a listener closing its node), it
     * cannot wait for itself: the loop stops after the running task and those queued behind it.
     */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (inLoop()) {
            return;
        }
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("a node's loop still busy after 5 s: stopped, its queued tasks dropped");
            executor.shutdownNow();
        }
    }
}
