package org.genet.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 19's attacks on the server and, through it, on the root, from raw sockets on 127.0.0.2 and
 * up: bounded in sockets and time, every socket closed. The tests, the soak and the before/after
 * measurements share them; {@link #main} runs one against a server at a port (for measuring a
 * {@code genet server} and {@code genet root} of any build).
 */
public final class SocketAttacks {
    private SocketAttacks() {
    }

    /** An attacker's address: 127.0.0.2 to 127.0.0.201, never the good clients' 127.0.0.1. */
    static String from(int n) {
        return "127.0.0." + (2 + Math.floorMod(n, 200));
    }

    /** An origin-less signal message with a candidate of {@code n}: a join request the root drops ("no offer"). */
    static String strayCandidate(int n) {
        return "{\"origin\":null,\"destination\":null,\"signal\":{\"type\":\"candidate\",\"candidate\":{\"candidate\":"
                + "\"candidate:" + n + " 1 udp 2122260223 127.0.0.1 9 typ host\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}},\"rank\":" + n + "}";
    }

    /**
     * {@code sockets} join sockets each send signals at 40 a second (under the server's rate) for
     * {@code seconds}: every one reaches the root as a join request. Returns the signals sent.
     */
    public static long joinRequestFlood(int port, int sockets, int seconds, java.util.function.IntFunction<String> signal)
            throws InterruptedException {
        return flood("join-flood", sockets, seconds, 0, (socket, deadline, sent) -> {
            try (WireClient c = WireClient.connect(port, from(socket)).open("/join")) {
                for (int i = 0; System.nanoTime() < deadline; i++) {
                    c.sendText(signal.apply(socket * 1_000_000 + i));
                    sent.incrementAndGet();
                    Thread.sleep(25);
                }
            }
        });
    }

    /**
     * {@code sockets} join sockets that read their 101 and never again, each sending pings (125
     * bytes) as fast as it can for {@code seconds}. Returns the pings sent.
     */
    public static long pingFlood(int port, int sockets, int seconds) throws InterruptedException {
        return flood("ping-flood", sockets, seconds, 0, (socket, deadline, sent) -> {
            try (Socket raw = new Socket()) {
                raw.setReceiveBufferSize(4096);
                raw.bind(new InetSocketAddress(from(socket), 0));
                raw.connect(new InetSocketAddress("127.0.0.1", port));
                raw.getOutputStream().write(WireClient.upgradeHead("GET /join HTTP/1.1").getBytes());
                raw.getInputStream().readNBytes(new byte[12], 0, 12);
                Random random = new Random(socket);
                byte[] batch = new byte[1000 * 131];
                random.nextBytes(batch);
                for (int i = 0; i < 1000; i++) {
                    batch[i * 131] = (byte) 0x89;
                    batch[i * 131 + 1] = (byte) (0x80 | 125);
                }
                OutputStream out = raw.getOutputStream();
                while (System.nanoTime() < deadline) {
                    out.write(batch);
                    sent.addAndGet(1000);
                }
            }
        });
    }

    /**
     * Fills the root's stored requests through the server: each of {@code sockets} join sockets
     * sends {@code offer} (a real one, so that the root's candidates made from the first ten stay
     * until they time out), then candidates of the same joiner at 40 a second for {@code seconds}.
     * Every later signal waits in a slot of a root whose candidates fill its places.
     */
    public static long storedRequestFlood(int port, int sockets, int seconds, String offer) throws InterruptedException {
        return flood("stored-flood", sockets, seconds, 5, (socket, deadline, sent) -> {
            try (WireClient c = WireClient.connect(port, from(socket)).open("/join")) {
                c.sendText("{\"origin\":null,\"destination\":null,\"signal\":" + offer + ",\"rank\":0}");
                sent.incrementAndGet();
                for (int i = 1; System.nanoTime() < deadline; i++) {
                    c.sendText(strayCandidate(i));
                    sent.incrementAndGet();
                    Thread.sleep(25);
                }
            }
        });
    }

    /** What one attacking socket does until the deadline (System.nanoTime()), counting what it sends in {@code sent}. */
    private interface Attack {
        void run(int socket, long deadline, AtomicLong sent) throws IOException, InterruptedException;
    }

    /**
     * {@code sockets} threads named {@code name-N}, started {@code pauseMs} apart, each running the
     * attack for {@code seconds}; an attack that is closed or refused simply ends, as an attack expects.
     * Returns what they sent together.
     */
    private static long flood(String name, int sockets, int seconds, long pauseMs, Attack attack) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        for (int s = 0; s < sockets; s++) {
            int socket = s;
            Thread t = new Thread(() -> {
                try {
                    attack.run(socket, deadline, sent);
                } catch (IOException | InterruptedException | AssertionError e) {
                    // closed or refused: what an attack expects
                }
            }, name + "-" + s);
            t.setDaemon(true);
            t.start();
            threads.add(t);
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        return sent.get();
    }

    /** {@code java ... SocketAttacks join-flood|ping-flood|stored-flood PORT SOCKETS SECONDS [OFFER-FILE]}: one attack, its count printed. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        int sockets = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        long n = switch (args[0]) {
            case "join-flood" -> joinRequestFlood(port, sockets, seconds, SocketAttacks::strayCandidate);
            case "ping-flood" -> pingFlood(port, sockets, seconds);
            case "stored-flood" -> storedRequestFlood(port, sockets, seconds,
                    java.nio.file.Files.readString(java.nio.file.Path.of(args[4])).strip());
            default -> throw new IllegalArgumentException("no attack " + args[0]);
        };
        System.out.println(args[0] + ": " + n + " sent");
    }
}
