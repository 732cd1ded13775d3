package org.genet.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.genet.overlay.RootSocket;

/**
 * The client side of the bootstrap server: the root socket, and one signaling session per
 * connection attempt (PROTOCOL.md sections 1 and 2). One client serves any number of sockets on a
 * few shared threads.
 */
public final class BootstrapClient implements AutoCloseable {
    private final URI base;
    private final ExecutorService io;
    private final ScheduledExecutorService timers;
    private final HttpClient http;

    /** @param base {@code ws://host:port} or {@code wss://host:port} */
    public BootstrapClient(URI base) {
        this.base = base;
        // Two threads: the JDK client's tasks never block, and a cached pool grew to dozens of
        // threads (and as many context switches) while a hundred nodes joined at once.
        this.io = Executors.newFixedThreadPool(2, daemon("bootstrap-client"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("bootstrap-client-timers"));
        HttpClient.Builder http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(10));
        if ("ws".equals(base.getScheme())) {
            // Plain sockets only: without a TLS context of its own, the JDK client made its default one, which it
            // would never use here (the TLS provider's start and the system's trusted certificates: about 100 ms
            // of CPU on a node's way to its first join)
            http.sslContext(NO_TLS).sslParameters(new javax.net.ssl.SSLParameters());
        }
        this.http = http.build();
    }

    /** The TLS context of a client that never speaks TLS: anything asked of it fails. */
    private static final javax.net.ssl.SSLContext NO_TLS = new javax.net.ssl.SSLContext(new NoTls(), null, "none") {
    };

    private static final class NoTls extends javax.net.ssl.SSLContextSpi {
        private static UnsupportedOperationException plain() {
            return new UnsupportedOperationException("a ws:// bootstrap client speaks no TLS");
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, java.security.SecureRandom random) {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
            throw plain();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
            throw plain();
        }
    }

    /** {@code host:port} (or a {@code ws://}, {@code wss://} address) as the server's base address. */
    public static URI address(String hostAndPort) {
        String s = hostAndPort.strip();
        if (!s.startsWith("ws://") && !s.startsWith("wss://")) {
            s = "ws://" + s;
        }
        try {
            URI uri = new URI(s);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("not a host:port address: " + hostAndPort);
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a host:port address: " + hostAndPort, e);
        }
    }

    /**
     * Opens the root socket; its events reach {@code listener} through {@code callbacks}. It sends
     * a heartbeat every {@code heartbeatMs} and reports the server lost after {@code silenceMs}
     * without a frame from it (the server sends one every 15 s).
     */
    public RootConnection openRoot(String secret, RootSocket.Listener listener, Executor callbacks, long heartbeatMs,
                                   long silenceMs) {
        return new RootConnection(http, timers, resolve("/" + secret + BootstrapServer.ROOT_SUFFIX), listener,
                callbacks, heartbeatMs, silenceMs);
    }

    public RootConnection openRoot(String secret, RootSocket.Listener listener, Executor callbacks) {
        return openRoot(secret, listener, callbacks, 10_000, 45_000);
    }

    /**
     * Opens a signaling session: a new {@code /join} socket. {@code destination} is the answerer's
     * side: the joiner's origin; null for a joiner, whose first signals go to the root.
     */
    public SignalingSession openSession(String destination, SignalingSession.Listener listener, Executor callbacks,
                                        long timeoutMs) {
        return new SignalingSession(http, timers, resolve(BootstrapServer.JOIN_PATH), destination, listener, callbacks,
                timeoutMs);
    }

    private URI resolve(String path) {
        return URI.create(base.toString() + path);
    }

    /** Stops the client's threads; sockets still open are dropped. */
    @Override
    public void close() {
        timers.shutdownNow();
        io.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
