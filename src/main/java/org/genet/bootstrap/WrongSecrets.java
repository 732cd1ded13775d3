package org.genet.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Root connections with a wrong secret, per address, in windows of a minute. Thread-safe. */
final class WrongSecrets {
    private final Map<String, long[]> windows = new ConcurrentHashMap<>();

    /** Whether {@code key} sent {@code perMinute} wrong secrets in its current minute. */
    boolean tooMany(String key, int perMinute) {
        long[] window = windows.get(key);
        return window != null && System.nanoTime() - window[0] < TimeUnit.MINUTES.toNanos(1)
                && window[1] >= perMinute;
    }

    void count(String key) {
        long now = System.nanoTime();
        windows.compute(key, (k, w) -> {
            if (w == null || now - w[0] >= TimeUnit.MINUTES.toNanos(1)) {
                return new long[] {now, 1};
            }
            w[1]++;
            return w;
        });
    }

    /** Forgets the windows that ended. */
    void forgetOld() {
        long now = System.nanoTime();
        windows.values().removeIf(w -> now - w[0] >= TimeUnit.MINUTES.toNanos(1));
    }
}
