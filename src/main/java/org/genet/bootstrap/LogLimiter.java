package org.genet.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Rate-limited logging of repeated events, so that a client sending the same bad thing a million
 * times costs a few log lines, not gigabytes: the first occurrence of each kind is logged, then at
 * most one line per period, which says how many were left out meanwhile.
 */
final class LogLimiter {
    private final long periodNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long openedAt;
        long suppressed;
    }

    LogLimiter(long period, TimeUnit unit) {
        this(period, unit, System::nanoTime);
    }

    LogLimiter(long period, TimeUnit unit, LongSupplier clock) {
        this.periodNanos = unit.toNanos(period);
        this.clock = clock;
    }

    /**
     * Logs {@code line} through {@code sink} unless a line of this {@code kind} was logged less
     * than a period ago; a line logged after some were left out ends with how many.
     */
    void log(String kind, String line, Consumer<String> sink) {
        long now = clock.getAsLong();
        long suppressed;
        Window window = windows.computeIfAbsent(kind, k -> {
            Window w = new Window();
            w.openedAt = now - periodNanos;
            return w;
        });
        synchronized (window) {
            if (now - window.openedAt < periodNanos) {
                window.suppressed++;
                return;
            }
            suppressed = window.suppressed;
            window.suppressed = 0;
            window.openedAt = now;
        }
        sink.accept(suppressed == 0 ? line : line + " (and " + suppressed + " more like it since the last such line)");
        if (windows.size() > 1_000) { // kinds are a fixed set of words; never let them grow
            windows.clear();
        }
    }
}
