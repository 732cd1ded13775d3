package org.genet.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;

/**
 * Starts JavaFX (the display connection, the windowing toolkit's and the renderer's native
 * libraries, their threads) on a thread of its own while the command line is still being read:
 * the toolkit's start was a fifth of the time from launch to the app's window, spent after the
 * command line, one step after the other. {@code Application.launch} then finds the toolkit
 * running and goes on as it always does (JavaFX's launcher accepts a toolkit started before it).
 */
public final class EarlyToolkit {
    private static volatile CompletableFuture<Void> started;

    private EarlyToolkit() {
    }

    /**
     * Starts the toolkit in the background, after {@code first} (on the same thread); call {@link #await} before
     * {@code Application.launch}.
     */
    public static synchronized void start(Runnable first) {
        if (started != null) {
            return;
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        started = future;
        // no lambdas on this path: the JVM's first one costs tens of ms, before the toolkit's start could begin
        Thread t = new Thread("javafx-start") {
            @Override
            public void run() {
                try {
                    first.run();
                    Platform.startup(new Runnable() {
                        @Override
                        public void run() {
                            StartupTrace.mark(StartupTrace.TOOLKIT);
                            future.complete(null);
                        }
                    });
                } catch (Throwable e) { // no display (UnsupportedOperationException): await reports it to the launch
                    future.completeExceptionally(e);
                }
            }
        };
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waits until the toolkit {@link #start} started is running; nothing where none was started.
     * Throws what the start threw (UnsupportedOperationException where there is no display), as
     * {@code Application.launch} would have.
     */
    public static void await() {
        CompletableFuture<Void> future = started;
        if (future == null) {
            return;
        }
        try {
            future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
