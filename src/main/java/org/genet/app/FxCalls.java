package org.genet.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** Runs work on the FX thread from another thread and waits for its result (commands without a window). */
final class FxCalls {
    private FxCalls() {
    }

    /** {@code task}'s result, computed on the FX thread; fails after {@code seconds}. */
    static <T> T call(Callable<T> task, int seconds) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(seconds, TimeUnit.SECONDS);
    }
}
