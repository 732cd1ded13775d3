package org.genet.bootstrap;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import org.genet.ice.IceServer;

/**
 * The bootstrap server's settings: its secret, its timers and a bound on everything a client can
 * make it hold (sockets, bytes, time, attempts). Every bound is a command-line option of
 * {@code genet server} (and a key of its {@code --config} file); the defaults are safe for a server
 * that faces the internet. Made with {@link #builder(String)}; checked whole when built, so that no
 * server ever holds a bound out of range.
 *
 * @param secret                   the root's secret, not empty
 * @param joinTimeoutMs            how long a {@code /join} socket may stay open
 * @param heartbeatMs              how often the root is sent {@code "heartbeat"}
 * @param pingSeconds              how often every socket is pinged; one silent for 1.5 times this is closed
 * @param maxFrameBytes            the largest frame (or message) accepted, refused on its header; SDPs are 1 to 6 KiB
 * @param maxHeadBytes             the largest HTTP request head (request line and headers)
 * @param handshakeTimeoutMs       how long a connection may take to send its request head and be answered or upgraded
 * @param maxJoinSockets           {@code /join} sockets open at once, beyond which new ones are refused (503)
 * @param maxJoinSocketsPerAddress {@code /join} sockets open at once from one address (an IPv6 /64 counts as one)
 * @param maxConnections           connections open at once, of every kind; 0 takes half the free file descriptors
 * @param maxConnectionsPerAddress connections open at once from one address (an IPv6 /64 counts as one)
 * @param joinQueueBytes           bytes waiting to be sent to one join socket beyond which it is closed as too slow
 * @param rootQueueBytes           bytes waiting to be sent to the root beyond which signals for it are dropped
 * @param maxQueuedBytes           bytes waiting to be sent to all sockets together beyond which signals are dropped
 * @param signalsPerSecond         signals one join socket may send a second on average
 * @param signalBurst              signals one join socket may send at once
 * @param signalBytesPerSecond     bytes of signals one join socket may send a second on average: a join's SDPs and
 *                                 candidates are a few KiB, a flood of 60 KiB signals is not
 * @param signalBytesBurst         bytes of signals one join socket may send at once; at least a frame
 * @param wrongSecretsPerMinute    root connections with a wrong secret accepted from one address per minute (then 429)
 * @param backlog                  the listening socket's backlog of connections not yet accepted
 * @param exemptLocalhost          whether 127.0.0.1 and ::1 escape the per-address limits. Only for a server whose
 *                                 local clients are its own (the app's demo nodes, benchmarks): behind a reverse
 *                                 proxy on the same machine every client would come from 127.0.0.1
 * @param stun                     whether the server answers STUN Binding requests on UDP at its own port number
 * @param iceServers               the ICE servers handed to clients at {@code /ice-servers} ({@code stun:},
 *                                 {@code turn:}, {@code turns:} URLs)
 * @param turnSecret               the secret shared with coturn ({@code static-auth-secret}) from which each client's
 *                                 TURN credentials are minted; null: none
 * @param turnTtlSeconds           how long minted TURN credentials stay valid
 * @param iceRequestsPerSecond     requests for ICE servers one address may make a second (each mints a credential)
 * @param iceRequestBurst          requests for ICE servers one address may make at once
 */
public record ServerConfig(String secret, long joinTimeoutMs, long heartbeatMs, int pingSeconds, int maxFrameBytes,
                           int maxHeadBytes, long handshakeTimeoutMs, int maxJoinSockets, int maxJoinSocketsPerAddress,
                           int maxConnections, int maxConnectionsPerAddress, int joinQueueBytes, int rootQueueBytes,
                           long maxQueuedBytes, int signalsPerSecond, int signalBurst, int signalBytesPerSecond,
                           int signalBytesBurst, int wrongSecretsPerMinute, int backlog, boolean exemptLocalhost,
                           boolean stun, List<String> iceServers, String turnSecret, long turnTtlSeconds,
                           int iceRequestsPerSecond, int iceRequestBurst) {

    public ServerConfig {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the server needs a secret");
        }
        positive(joinTimeoutMs, "the join timeout");
        positive(heartbeatMs, "the heartbeat period");
        atLeast(pingSeconds, 1, "the ping period");
        atLeast(maxFrameBytes, 1024, "the frame limit");
        atLeast(maxHeadBytes, 1024, "the request head limit");
        positive(handshakeTimeoutMs, "the handshake timeout");
        atLeast(maxJoinSockets, 1, "the join socket limit");
        atLeast(maxJoinSocketsPerAddress, 1, "the join socket limit per address");
        atLeast(maxConnections, 0, "the connection limit");
        atLeast(maxConnectionsPerAddress, 1, "the connection limit per address");
        atLeast(joinQueueBytes, 1024, "the join socket's send queue");
        atLeast(rootQueueBytes, 1024, "the root's send queue");
        positive(maxQueuedBytes, "the total send queue");
        atLeast(signalsPerSecond, 1, "the signal rate");
        atLeast(signalBurst, 1, "the signal burst");
        atLeast(signalBytesPerSecond, 1024, "the signal byte rate");
        atLeast(signalBytesBurst, maxFrameBytes, "the signal byte burst (at least a frame)");
        atLeast(wrongSecretsPerMinute, 1, "the wrong secret limit");
        atLeast(backlog, 1, "the backlog");
        for (String url : iceServers) {
            IceServer.check(url);
        }
        iceServers = List.copyOf(iceServers);
        turnSecret = turnSecret == null || turnSecret.isEmpty() ? null : turnSecret;
        positive(turnTtlSeconds, "the TURN credentials' lifetime");
        atLeast(iceRequestsPerSecond, 1, "the ICE server request rate");
        atLeast(iceRequestBurst, 1, "the ICE server request burst");
    }

    /** The defaults, with {@code secret}. */
    public static Builder builder(String secret) {
        return new Builder(secret);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }

    private static void atLeast(long value, long min, String what) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min);
        }
    }

    /**
     * The connection limit in force: the configured one, or half the file descriptors still free
     * (the rest is for the process's other work, such as WebRTC in the app), at most 10,000. An
     * explicit limit above the free descriptors is lowered to them, so that accepting never fails.
     */
    int effectiveMaxConnections() {
        long free = freeFileDescriptors();
        if (maxConnections == 0) {
            return (int) Math.max(16, Math.min(10_000, free / 2));
        }
        return (int) Math.max(1, Math.min(maxConnections, Math.max(16, free - 32)));
    }

    /** File descriptors this process may still open; a large number where the JVM cannot tell. */
    static long freeFileDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return Math.max(0, unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount());
        }
        return 20_000;
    }

    /** Settings being made: each setter sets one bound (see the record's components); {@link #build()} checks them all. */
    public static final class Builder {
        private String secret;
        private long joinTimeoutMs = 30_000;
        private long heartbeatMs = 15_000;
        private int pingSeconds = 10;
        private int maxFrameBytes = 64 * 1024;
        private int maxHeadBytes = 16 * 1024;
        private long handshakeTimeoutMs = 10_000;
        private int maxJoinSockets = 10_000;
        private int maxJoinSocketsPerAddress = 256;
        private int maxConnections = 0; // 0: from the file descriptor limit
        private int maxConnectionsPerAddress = 512;
        private int joinQueueBytes = 64 * 1024;
        private int rootQueueBytes = 1024 * 1024;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private int signalsPerSecond = 50;
        private int signalBurst = 200;
        private int signalBytesPerSecond = 64 * 1024;
        private int signalBytesBurst = 256 * 1024;
        private int wrongSecretsPerMinute = 10;
        private int backlog = 1024;
        private boolean exemptLocalhost;
        private boolean stun = true;
        private List<String> iceServers = List.of();
        private String turnSecret;
        private long turnTtlSeconds = 3600;
        private int iceRequestsPerSecond = 10;
        private int iceRequestBurst = 100;

        private Builder(String secret) {
            this.secret = secret;
        }

        private Builder(ServerConfig c) {
            this(c.secret);
            joinTimeoutMs = c.joinTimeoutMs;
            heartbeatMs = c.heartbeatMs;
            pingSeconds = c.pingSeconds;
            maxFrameBytes = c.maxFrameBytes;
            maxHeadBytes = c.maxHeadBytes;
            handshakeTimeoutMs = c.handshakeTimeoutMs;
            maxJoinSockets = c.maxJoinSockets;
            maxJoinSocketsPerAddress = c.maxJoinSocketsPerAddress;
            maxConnections = c.maxConnections;
            maxConnectionsPerAddress = c.maxConnectionsPerAddress;
            joinQueueBytes = c.joinQueueBytes;
            rootQueueBytes = c.rootQueueBytes;
            maxQueuedBytes = c.maxQueuedBytes;
            signalsPerSecond = c.signalsPerSecond;
            signalBurst = c.signalBurst;
            signalBytesPerSecond = c.signalBytesPerSecond;
            signalBytesBurst = c.signalBytesBurst;
            wrongSecretsPerMinute = c.wrongSecretsPerMinute;
            backlog = c.backlog;
            exemptLocalhost = c.exemptLocalhost;
            stun = c.stun;
            iceServers = c.iceServers;
            turnSecret = c.turnSecret;
            turnTtlSeconds = c.turnTtlSeconds;
            iceRequestsPerSecond = c.iceRequestsPerSecond;
            iceRequestBurst = c.iceRequestBurst;
        }

        public Builder secret(String secret) {
            this.secret = secret;
            return this;
        }

        public Builder joinTimeoutMs(long ms) {
            this.joinTimeoutMs = ms;
            return this;
        }

        public Builder heartbeatMs(long ms) {
            this.heartbeatMs = ms;
            return this;
        }

        public Builder pingSeconds(int seconds) {
            this.pingSeconds = seconds;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        public Builder maxHeadBytes(int bytes) {
            this.maxHeadBytes = bytes;
            return this;
        }

        public Builder handshakeTimeoutMs(long ms) {
            this.handshakeTimeoutMs = ms;
            return this;
        }

        public Builder maxJoinSockets(int n) {
            this.maxJoinSockets = n;
            return this;
        }

        public Builder maxJoinSocketsPerAddress(int n) {
            this.maxJoinSocketsPerAddress = n;
            return this;
        }

        public Builder maxConnections(int n) {
            this.maxConnections = n;
            return this;
        }

        public Builder maxConnectionsPerAddress(int n) {
            this.maxConnectionsPerAddress = n;
            return this;
        }

        public Builder joinQueueBytes(int bytes) {
            this.joinQueueBytes = bytes;
            return this;
        }

        public Builder rootQueueBytes(int bytes) {
            this.rootQueueBytes = bytes;
            return this;
        }

        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        /** Signals per second one join socket may send on average, and in a burst. */
        public Builder signalRate(int perSecond, int burst) {
            this.signalsPerSecond = perSecond;
            this.signalBurst = burst;
            return this;
        }

        /** Bytes of signals one join socket may send a second on average, and in a burst. */
        public Builder signalBytesRate(int perSecond, int burst) {
            this.signalBytesPerSecond = perSecond;
            this.signalBytesBurst = burst;
            return this;
        }

        public Builder wrongSecretsPerMinute(int n) {
            this.wrongSecretsPerMinute = n;
            return this;
        }

        public Builder backlog(int n) {
            this.backlog = n;
            return this;
        }

        public Builder exemptLocalhost(boolean exempt) {
            this.exemptLocalhost = exempt;
            return this;
        }

        public Builder stun(boolean on) {
            this.stun = on;
            return this;
        }

        /** The ICE servers handed to clients, the secret shared with coturn (null: none) and the credentials' lifetime. */
        public Builder iceServers(List<String> urls, String turnSecret, long ttlSeconds) {
            this.iceServers = urls;
            this.turnSecret = turnSecret;
            this.turnTtlSeconds = ttlSeconds;
            return this;
        }

        /** Requests for ICE servers one address may make a second, and at once. */
        public Builder iceRequestRate(int perSecond, int burst) {
            this.iceRequestsPerSecond = perSecond;
            this.iceRequestBurst = burst;
            return this;
        }

        /** The settings, checked: an {@link IllegalArgumentException} names the first bound out of range. */
        public ServerConfig build() {
            return new ServerConfig(secret, joinTimeoutMs, heartbeatMs, pingSeconds, maxFrameBytes, maxHeadBytes,
                    handshakeTimeoutMs, maxJoinSockets, maxJoinSocketsPerAddress, maxConnections,
                    maxConnectionsPerAddress, joinQueueBytes, rootQueueBytes, maxQueuedBytes, signalsPerSecond,
                    signalBurst, signalBytesPerSecond, signalBytesBurst, wrongSecretsPerMinute, backlog,
                    exemptLocalhost, stun, iceServers, turnSecret, turnTtlSeconds, iceRequestsPerSecond,
                    iceRequestBurst);
        }
    }
}
