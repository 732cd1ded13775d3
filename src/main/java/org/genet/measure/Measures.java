package org.genet.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small helpers the simulator and the benchmarks share to report their figures. */
public final class Measures {
    private Measures() {
    }

    /** The {@code p}-th percentile (nearest rank) of sorted values; -1 if there are none. */
    public static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** The largest of sorted values; -1 if there are none. */
    public static long max(long[] sorted) {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    /** A process's resident memory ({@code VmRSS}) in bytes; -1 where /proc cannot tell (not Linux, or gone). */
    public static long rss(long pid) {
        return kib(procStatus(pid, "VmRSS:"));
    }

    /** A process's peak resident memory ({@code VmHWM}) in bytes; -1 where /proc cannot tell. */
    public static long peakRss(long pid) {
        return kib(procStatus(pid, "VmHWM:"));
    }

    /** A process's threads, Java and native ({@code Threads} in /proc); -1 where /proc cannot tell. */
    public static int threads(long pid) {
        return (int) procStatus(pid, "Threads:");
    }

    /** A process's CPU time so far, user and system, every thread, in ms; -1 where unknown. */
    public static long cpuMs(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(java.time.Duration::toMillis)
                .orElse(-1L);
    }

    private static long kib(long value) {
        return value < 0 ? value : value * 1024;
    }

    /** A number from /proc/PID/status, as written there; -1 where /proc cannot tell. */
    private static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
