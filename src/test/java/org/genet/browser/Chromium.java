package org.genet.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's chromium, headless, on one page; closed with its profile folder. */
final class Chromium implements AutoCloseable {
    private final Process process;
    private final Path profile;

    Chromium(String url) throws IOException {
        profile = Files.createTempDirectory("genet-chromium");
        process = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--user-data-dir=" + profile, url))
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    /** What chromium printed, for a failing test's message. */
    String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private boolean closed;

    /** Closes chromium and deletes its profile; a second call does nothing. */
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
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
