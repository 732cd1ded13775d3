package org.genet.natlab;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * coturn on 127.0.0.1, for tests on one machine: a free UDP port, relay ports on 127.0.0.1 only,
 * the shared secret of {@code use-auth-secret}. Relaying between loopback addresses must be allowed
 * ({@code --allow-loopback-peers}), which a public coturn must never do.
 */
final class LocalCoturn implements AutoCloseable {
    final int port;
    final String secret;
    private final Process process;
    private final Path dir;

    LocalCoturn(String secret) throws IOException, InterruptedException {
        NatLab.assumeCoturn();
        this.secret = secret;
        this.dir = Files.createTempDirectory("genet-coturn");
        int found;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            found = s.getLocalPort();
        }
        port = found;
        process = new ProcessBuilder(List.of("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=genet.test",
                "--no-tls", "--no-dtls", "--no-cli", "--no-tcp", "--fingerprint", "--allow-loopback-peers",
                "--log-file=" + dir.resolve("turn.log"), "--pidfile=" + dir.resolve("turnserver.pid"),
                "--userdb=" + dir.resolve("turndb"), "-v"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log().contains("UDP listener opened on")) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                close();
                throw new AssertionError("coturn did not start: " + log());
            }
            Thread.sleep(50);
        }
    }

    /** What coturn logged (its allocations, with -v). */
    String log() {
        try (var files = Files.list(dir)) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                all.append(Files.readString(f));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }

    String url() {
        return "turn:127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
