package org.genet;

import java.util.function.BooleanSupplier;

/** Waits, in tests, for what real sockets and peers do in their own time. */
public final class Await {
    private Await() {
    }

    /** Polls {@code condition} until it holds; fails after {@code seconds}, naming {@code what}. */
    public static void until(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
