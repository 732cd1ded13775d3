package org.genet.overlay;

/**
 * Time for the overlay: a clock and delayed tasks. A node is confined to its scheduler: every
 * call into the node, and every callback of its network, runs on the scheduler's one thread
 * (the real network's event loop, or the simulator's virtual clock).
 */
public interface Scheduler {

    /** Milliseconds on this scheduler's clock. */
    long now();

    /** A finer clock for round trip times, in nanoseconds; only differences mean anything. */
    default long nanoTime() {
        return now() * 1_000_000L;
    }

    /**
     * Whether the calling thread is the scheduler's, where the node may be used. The simulator's
     * virtual clock has no thread of its own: always true there.
     */
    default boolean inLoop() {
        return true;
    }

    /** Runs {@code task} on the scheduler's thread after {@code delayMs}. */
    Cancellable schedule(long delayMs, Runnable task);

    interface Cancellable {
        void cancel();
    }
}
