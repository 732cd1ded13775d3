package org.genet.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, on one page; what it prints goes to a log file. Closed with its
 * process and log, and its profile folder unless the caller owns it.
 */
final class Chromium implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final boolean ownsProfile;
    private final Path log;

    /** {@code url}, with a new profile. */
    Chromium(String url) throws IOException {
        this(url, List.of(), null);
    }

    /**
     * {@code url}, with {@code moreFlags}, and {@code profile} as the browser's profile (kept: a
     * second run sees what the first stored), or a new one if null.
     */
    Chromium(String url, List<String> moreFlags, Path profile) throws IOException {
        this.ownsProfile = profile == null;
        this.profile = profile != null ? profile : Files.createTempDirectory("genet-chromium");
        this.log = Files.createTempFile("genet-chromium", ".log");
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns"));
        command.addAll(moreFlags);
        command.add("--user-data-dir=" + this.profile);
        command.add(url);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** What chromium printed, for a failing test's message. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits at most {@code seconds} for chromium to end by itself (asked to close); whether it did. */
    boolean awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    private boolean closed;

    /** Ends chromium (and its helper processes), deletes its log, and its profile unless the caller owns it; a second call does nothing. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
        if (ownsProfile) {
            delete(profile);
        }
    }

    static void delete(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
