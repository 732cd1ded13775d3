package org.genet.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.genet.overlay.NetText;

/**
 * Rate-limited logging of repeated events, so that a client sending the same bad thing a million
 * times costs a few log lines, not gigabytes: the first lines of each kind in a period are logged
 * (one by default), the rest counted, and the next line logged says how many were left out
 * meanwhile. Every line is {@link NetText#clean cleaned}: whatever a client put in it is shown,
 * never acted on. Used by the server and by the {@code root} and {@code node} commands' output.
 */
public final class LogLimiter {
    /** The longest line logged, in characters. */
    private static final int MAX_LINE = 1_000;
    private final long periodNanos;
    private final int linesPerPeriod;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long openedAt;
        int lines;
        long suppressed;
    }

    public LogLimiter(long period, TimeUnit unit) {
        this(period, unit, 1);
    }

    /** At most {@code linesPerPeriod} lines of each kind per period. */
    public LogLimiter(long period, TimeUnit unit, int linesPerPeriod) {
        this(period, unit, linesPerPeriod, System::nanoTime);
    }

    LogLimiter(long period, TimeUnit unit, LongSupplier clock) {
        this(period, unit, 1, clock);
    }

    LogLimiter(long period, TimeUnit unit, int linesPerPeriod, LongSupplier clock) {
        if (linesPerPeriod < 1) {
            throw new IllegalArgumentException("at least one line per period");
        }
        this.periodNanos = unit.toNanos(period);
        this.linesPerPeriod = linesPerPeriod;
        this.clock = clock;
    }

    /**
     * Logs {@code line} through {@code sink} unless this period's lines of this {@code kind} were
     * logged already; a line logged after some were left out ends with how many.
     */
    public void log(String kind, String line, Consumer<String> sink) {
        long now = clock.getAsLong();
        long suppressed;
        Window window = windows.computeIfAbsent(kind, k -> {
            Window w = new Window();
            w.openedAt = now - periodNanos;
            return w;
        });
        synchronized (window) {
            if (now - window.openedAt < periodNanos) {
                if (window.lines >= linesPerPeriod) {
                    window.suppressed++;
                    return;
                }
                window.lines++;
                suppressed = 0;
            } else {
                suppressed = window.suppressed;
                window.suppressed = 0;
                window.openedAt = now;
                window.lines = 1;
            }
        }
        String clean = NetText.clean(line, MAX_LINE);
        sink.accept(suppressed == 0 ? clean : clean + " (and " + suppressed + " more like it since the last such line)");
        if (windows.size() > 1_000) { // kinds are a fixed set of words; never let them grow
            windows.clear();
        }
    }
}
