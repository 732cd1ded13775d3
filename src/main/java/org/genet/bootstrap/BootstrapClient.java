package org.genet.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
    private final TextSocket.Connector connector;
    private final ScheduledExecutorService timers;
    private final IceServersClient iceServers;

    /** @param base {@code ws://host:port} or {@code wss://host:port} */
    public BootstrapClient(URI base) {
        this(base, null);
    }

    /** A client whose DNS queries all go to {@code nameServer} (tests: a server of their own on 127.0.0.1). */
    BootstrapClient(URI base, java.net.InetSocketAddress nameServer) {
        this.base = base;
        // One event loop thread for every socket: the JDK's client spent a sixth of a growing
        // tree's CPU passing each frame between its selector, its executor and its futures.
        this.connector = new TextSocket.Connector("bootstrap-client", nameServer);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("bootstrap-client-timers"));
        // a session's 30 s timeout, cancelled when it connects, leaves the queue at once (a cancelled task
        // lets go of its session anyway; it only sat in the queue, small, until its time)
        timers.setRemoveOnCancelPolicy(true);
        this.timers = timers;
        this.iceServers = new IceServersClient(connector, timers, base);
    }

    /**
     * The ICE servers this server hands out (its own STUN, TURN with credentials), fetched on
     * first use and kept fresh; none from a server that hands out none (an original one).
     */
    public IceServersClient iceServers() {
        return iceServers;
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
        return new RootConnection(connector, timers, resolve("/" + secret + BootstrapServer.ROOT_SUFFIX), listener,
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
        return new SignalingSession(connector, timers, resolve(BootstrapServer.JOIN_PATH), destination, listener, callbacks,
                timeoutMs);
    }

    private URI resolve(String path) {
        return URI.create(base.toString() + path);
    }

    /** Stops the client's threads; sockets still open are dropped. */
    @Override
    public void close() {
        iceServers.close();
        timers.shutdownNow();
        connector.close();
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
